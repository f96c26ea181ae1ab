using Headshots.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Headshots.Web.Pages.Photos;

/// <summary>A source photo's stored JPEG, for its owner only; anyone else gets 404, not 403, so ids reveal nothing.</summary>
public sealed class ImageModel(AppDbContext db, UserManager<AppUser> users) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var userId = users.GetUserId(User);
        var jpeg = await db.PhotoContents.AsNoTracking()
            .Where(c => c.PhotoId == id && db.Photos.Any(p => p.Id == id && p.UserId == userId))
            .Select(c => c.Jpeg)
            .SingleOrDefaultAsync(cancellationToken);
        if (jpeg is null)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "private, no-store";
        return File(jpeg, "image/jpeg");
    }
}
