using System.Text.Json;
using Headshots.Web.Data;
using Headshots.Web.Features.Photos;
using Headshots.Web.Features.Privacy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Headshots.Web.Pages.Photos;

public sealed class IndexModel(
    AppDbContext db,
    UserManager<AppUser> users,
    ConsentService consent,
    DeletionService deletion,
    IOptions<PhotoOptions> options) : PageModel
{
    public bool HasConsented { get; private set; }

    public IReadOnlyList<string> ConsentParagraphs => ConsentText.Paragraphs(options.Value.RetentionDays);

    public int MaxPhotos => options.Value.MaxPhotosPerUser;

    public long MaxMegabytes => options.Value.MaxUploadBytes / (1024 * 1024);

    public int RetentionDays => options.Value.RetentionDays;

    public IReadOnlyList<Photo> Photos { get; private set; } = [];

    public IReadOnlyList<PhotoVerdict> Verdicts { get; private set; } = [];

    /// <summary>Verdicts of the last form upload, handed over by the upload page's redirect.</summary>
    [TempData]
    public string? LastVerdicts { get; set; }

    private string UserId => users.GetUserId(User)!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Verdicts = LastVerdicts is null ? [] : JsonSerializer.Deserialize<List<PhotoVerdict>>(LastVerdicts) ?? [];
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostConsentAsync(bool agree, CancellationToken cancellationToken)
    {
        if (agree)
        {
            await consent.RecordAsync(UserId, cancellationToken);
        }

        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostInsistAsync(Guid id, CancellationToken cancellationToken)
    {
        var photo = await db.Photos.SingleOrDefaultAsync(p => p.Id == id && p.UserId == UserId, cancellationToken);
        if (photo is null)
        {
            return NotFound();
        }

        photo.UserInsisted = true;
        await db.SaveChangesAsync(cancellationToken);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var receipt = await deletion.DeletePhotoAsync(UserId, id, cancellationToken);
        return receipt is null ? NotFound() : RedirectToPage("/Privacy/Receipt", new { id = receipt.Id });
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        HasConsented = await consent.HasConsentedAsync(UserId, cancellationToken);
        Photos = await db.Photos.AsNoTracking().Where(p => p.UserId == UserId).OrderBy(p => p.UploadedAt).ToListAsync(cancellationToken);
    }
}
