using Headshots.Vision.Onnx;
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
    PhotoIntake intake,
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

    private string UserId => users.GetUserId(User)!;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostConsentAsync(bool agree, CancellationToken cancellationToken)
    {
        if (agree)
        {
            await consent.RecordAsync(UserId, cancellationToken);
        }

        return RedirectToPage();
    }

    /// <summary>
    /// Checks every file and answers with a verdict per file: JSON for the page's script (one file per request, so each
    /// preview gets its verdict as soon as it is ready), or the page itself when the browser posts the form.
    /// </summary>
    public async Task<IActionResult> OnPostUploadAsync(List<IFormFile> files, CancellationToken cancellationToken)
    {
        var verdicts = new List<PhotoVerdict>();
        foreach (var file in files)
        {
            await using var stream = file.OpenReadStream();
            try
            {
                verdicts.Add(await intake.AcceptAsync(UserId, file.FileName, stream, cancellationToken));
            }
            catch (ModelUnavailableException)
            {
                verdicts.Add(new PhotoVerdict(FileNames.ForDisplay(file.FileName), false, "Photo checks are unavailable right now",
                    ["Nothing was stored. The site's operator has been told; please try again later."]));
            }
        }

        if (files.Count == 0)
        {
            verdicts.Add(new PhotoVerdict("", false, "No file was chosen", ["Pick one or more photos first."]));
        }

        if (Request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.Ordinal) == true))
        {
            return new JsonResult(verdicts);
        }

        Verdicts = verdicts;
        await LoadAsync(cancellationToken);
        return Page();
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
