using Headshots.Web.Data;
using Headshots.Web.Features.Sharing;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Headshots.Web.Pages.Recruiter.Candidates;

/// <summary>A saved candidate's headshot (or the before/after source photo), through the recruiter's own saved entry.</summary>
public sealed class ImageModel(AppDbContext db, ShareLinkService links, UserManager<AppUser> users) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, Guid? headshotId, bool source, CancellationToken cancellationToken)
    {
        var recruiterId = users.GetUserId(User);
        var link = await db.SavedCandidates.AsNoTracking()
            .Where(s => s.Id == id && s.RecruiterId == recruiterId)
            .Select(s => s.ShareLink)
            .SingleOrDefaultAsync(cancellationToken);
        if (link is null)
        {
            return NotFound();
        }

        var jpeg = source ? await links.SourceImageAsync(link, cancellationToken)
            : headshotId is { } headshot ? await links.ImageAsync(link, headshot, cancellationToken)
            : null;
        if (jpeg is null)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "private, no-store";
        return File(jpeg, "image/jpeg");
    }
}
