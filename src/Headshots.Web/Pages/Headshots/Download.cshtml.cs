using Headshots.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Headshots.Web.Pages.Gallery;

/// <summary>
/// A headshot as JPEG or PNG with our provenance metadata, for its owner only. Outputs that are not approved (neither
/// accepted by the gate nor approved by a reviewer, <see cref="Headshot.IsApprovedHeadshot"/>) are shown to their owner
/// (to see why) but never offered as a download.
/// </summary>
public sealed class DownloadModel(AppDbContext db, UserManager<AppUser> users) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, string format, bool inline, CancellationToken cancellationToken)
    {
        var userId = users.GetUserId(User);
        var headshot = await db.Headshots.AsNoTracking().Include(h => h.Content)
            .SingleOrDefaultAsync(h => h.Id == id && h.UserId == userId, cancellationToken);
        if (headshot?.Content is null || headshot.Content.Jpeg.Length == 0 || (!headshot.IsApproved && !inline))
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "private, no-store";
        var png = string.Equals(format, "png", StringComparison.OrdinalIgnoreCase);
        var bytes = png ? headshot.Content.Png : headshot.Content.Jpeg;
        var type = png ? "image/png" : "image/jpeg";
        return inline ? File(bytes, type) : File(bytes, type, $"headshot-{headshot.Style}.{(png ? "png" : "jpg")}");
    }
}
