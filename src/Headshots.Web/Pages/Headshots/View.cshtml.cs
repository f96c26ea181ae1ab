using System.Globalization;
using Headshots.Vision.Authenticity;
using Headshots.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Headshots.Web.Pages.Gallery;

public sealed class ViewModel(AppDbContext db, UserManager<AppUser> users) : PageModel
{
    public Headshot? Headshot { get; private set; }

    public Guid? SourcePhotoId { get; private set; }

    public string PassThreshold => GateThresholds.Default.AcceptAt.ToString("0.00", CultureInfo.InvariantCulture);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var userId = users.GetUserId(User);
        Headshot = await db.Headshots.AsNoTracking().SingleOrDefaultAsync(h => h.Id == id && h.UserId == userId, cancellationToken);
        if (Headshot is null)
        {
            return NotFound();
        }

        SourcePhotoId = await db.Generations.Where(g => g.Id == Headshot.GenerationId).Select(g => g.SourcePhotoId).SingleAsync(cancellationToken);
        return Page();
    }
}
