using Headshots.Web.Data;
using Headshots.Web.Features.Accounts;
using Headshots.Web.Features.Sharing;
using Headshots.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Headshots.Web.Pages.Share;

/// <summary>
/// /s/{token}: what a job seeker shared, for anyone holding the link. The token arrives through
/// <see cref="ShareTokenFeature"/> (the path reads /s/link by now, see <see cref="ShareTokenRedactingContextFactory"/>).
/// Unknown tokens are 404; expired, revoked or emptied links 410.
/// </summary>
[EnableRateLimiting(RateLimitPolicies.ShareLink)]
public sealed class LinkModel(
    ShareLinkService links,
    AppDbContext db,
    IAuthorizationService authorization,
    UserManager<AppUser> users,
    TimeProvider clock) : PageModel
{
    public ShareCard Card { get; private set; } = null!;

    public string Token { get; private set; } = "";

    public bool CanSave { get; private set; }

    public ShareCardView CardView => new(Card, id => $"/s/{Token}/image/{id}", $"/s/{Token}/source");

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var link = await links.FindAsync(HttpContext.Features.Get<ShareTokenFeature>()?.Token, cancellationToken);
        if (link is null)
        {
            return NotFound();
        }

        var (state, card) = await links.OpenAsync(link, cancellationToken);
        if (state != ShareLinkState.Active)
        {
            return StatusCode(StatusCodes.Status410Gone);
        }

        await links.RecordViewAsync(link, cancellationToken);
        Card = card!;
        Token = HttpContext.Features.Get<ShareTokenFeature>()!.Token;
        CanSave = (await authorization.AuthorizeAsync(User, Roles.Recruiter)).Succeeded;
        return Page();
    }

    /// <summary>A recruiter keeps the candidate: the link's id is saved, never the token.</summary>
    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        if (!(await authorization.AuthorizeAsync(User, Roles.Recruiter)).Succeeded)
        {
            return Forbid();
        }

        var link = await links.FindAsync(HttpContext.Features.Get<ShareTokenFeature>()?.Token, cancellationToken);
        if (link is null)
        {
            return NotFound();
        }

        if (links.StateOf(link) != ShareLinkState.Active)
        {
            return StatusCode(StatusCodes.Status410Gone);
        }

        var recruiterId = users.GetUserId(User)!;
        if (!await db.SavedCandidates.AnyAsync(s => s.RecruiterId == recruiterId && s.ShareLinkId == link.Id, cancellationToken))
        {
            db.SavedCandidates.Add(new SavedCandidate { Id = Guid.NewGuid(), RecruiterId = recruiterId, ShareLinkId = link.Id, SavedAt = clock.GetUtcNow() });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // Saved twice at once (a double click): the first one stands.
            }
        }

        return Redirect("/Recruiter/Candidates");
    }
}
