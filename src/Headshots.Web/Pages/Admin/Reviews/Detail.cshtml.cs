using System.Globalization;
using Headshots.Web.Data;
using Headshots.Web.Features.Generation;
using Headshots.Web.Features.Reviews;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Headshots.Web.Pages.Admin.Reviews;

/// <summary>
/// One queued output: the source photo and the output side by side, every number the gate decided from, and the
/// approve/reject form. The image handlers serve only headshots in the queue, so this page is no general image viewer.
/// </summary>
public sealed class DetailModel(HeadshotReviews queue, UserManager<AppUser> users) : PageModel
{
    public Headshot? Headshot { get; private set; }

    public Guid? SourcePhotoId { get; private set; }

    public string OwnerName { get; private set; } = "";

    /// <summary>Null when the stored evidence could not be read as a decision (then only the raw JSON is shown).</summary>
    public HeadshotEvidence? Evidence { get; private set; }

    public string RawEvidence { get; private set; } = "";

    [BindProperty]
    public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnGetSourceAsync(Guid id, CancellationToken cancellationToken) =>
        Image(await queue.SourceJpegAsync(id, cancellationToken));

    public async Task<IActionResult> OnGetOutputAsync(Guid id, CancellationToken cancellationToken) =>
        Image(await queue.OutputJpegAsync(id, cancellationToken));

    public async Task<IActionResult> OnPostAsync(Guid id, string? outcome, CancellationToken cancellationToken)
    {
        var reviewer = await users.GetUserAsync(User);
        if (reviewer is null)
        {
            return Challenge();
        }

        if (!Enum.TryParse<ReviewOutcome>(outcome, ignoreCase: false, out var decided) || !Enum.IsDefined(decided))
        {
            ModelState.AddModelError(string.Empty, "Choose approve or reject.");
            return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
        }

        var result = await queue.DecideAsync(id, decided, Reason, reviewer, cancellationToken);
        if (result.NotFound)
        {
            return NotFound();
        }

        if (!result.Recorded)
        {
            ModelState.AddModelError(string.Empty, result.Problem!);
            return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
        }

        TempData["Message"] = $"{(decided == ReviewOutcome.Approved ? "Approved" : "Rejected")}. The owner now sees your decision and reason.";
        return RedirectToPage("Index");
    }

    public static string Number(float? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "—";

    public static string DeltaE(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "—";

    public static string Percent(float? value) => value is { } v ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "—";

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var found = await queue.FindAsync(id, cancellationToken);
        if (found is not { } item)
        {
            return false;
        }

        (Headshot, SourcePhotoId, OwnerName) = item;
        Evidence = HeadshotEvidence.Read(Headshot.Evidence);
        RawEvidence = HeadshotEvidence.Pretty(Headshot.Evidence);
        return true;
    }

    private IActionResult Image(byte[]? jpeg)
    {
        if (jpeg is null)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "private, no-store";
        return File(jpeg, "image/jpeg");
    }
}
