using Headshots.Web.Data;
using Headshots.Web.Features.Generation;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Headshots.Web.Pages.Gallery;

/// <summary>A small JSON answer the gallery polls for live progress; owner-only (404 for anyone else).</summary>
public sealed class StatusModel(AppDbContext db, UserManager<AppUser> users, GenerationService generations) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var userId = users.GetUserId(User);
        var generation = await db.Generations.AsNoTracking().Include(g => g.Headshots)
            .SingleOrDefaultAsync(g => g.Id == id && g.UserId == userId, cancellationToken);
        if (generation is null)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-store";
        return new JsonResult(new
        {
            status = generation.Status.ToString(),
            finished = generation.IsFinished,
            queuePosition = await generations.QueuePositionAsync(generation, cancellationToken),
            stage = generation.Stage,
            percent = generation.Percent,
            message = IndexModel.Describe(generation),
            headshots = generation.Headshots.Select(h => new { id = h.Id, style = h.Style, verdict = h.Verdict, score = h.Score }),
        });
    }
}
