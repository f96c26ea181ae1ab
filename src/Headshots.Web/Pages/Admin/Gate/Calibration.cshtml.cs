using System.Globalization;
using Headshots.Web.Data;
using Headshots.Web.Features.Audit;
using Headshots.Web.Features.Gate;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Headshots.Web.Pages.Admin.Gate;

/// <summary>
/// Upload a labelled set (zip: images + pairs.csv) and see FMR/FNMR at chosen thresholds, AUC/EER and the ROC. The zip
/// is checked at once; the evaluation runs on the inference worker and this page follows it.
/// </summary>
[RequestSizeLimit(CalibrationArchive.RequestLimitBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = CalibrationArchive.RequestLimitBytes)]
public sealed class CalibrationModel(
    AppDbContext db,
    GateSettingsStore store,
    CalibrationService calibration,
    IOptions<CalibrationOptions> options,
    UserManager<AppUser> users) : PageModel
{
    public GateSettings Current { get; private set; } = null!;

    public CalibrationOptions Limits => options.Value;

    [BindProperty]
    public string AcceptAt { get; set; } = "";

    [BindProperty]
    public string ReviewFrom { get; set; } = "";

    public string? Problem { get; private set; }

    public CalibrationRun? Run { get; private set; }

    public CalibrationResult? Result { get; private set; }

    public IReadOnlyList<CalibrationRun> Recent { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (id is { } runId)
        {
            // Everything but the uploaded zip (up to the size limit), which this page reloads every 2 s while a run is going.
            Run = await db.CalibrationRuns.AsNoTracking().Where(r => r.Id == runId)
                .Select(r => new CalibrationRun
                {
                    Id = r.Id,
                    CreatedAt = r.CreatedAt,
                    CreatedById = r.CreatedById,
                    CreatedByEmail = r.CreatedByEmail,
                    FileName = r.FileName,
                    Status = r.Status,
                    AcceptAt = r.AcceptAt,
                    ReviewFrom = r.ReviewFrom,
                    SettingsLabel = r.SettingsLabel,
                    Images = r.Images,
                    ImagesDone = r.ImagesDone,
                    Pairs = r.Pairs,
                    Result = r.Result,
                    Message = r.Message,
                    FinishedAt = r.FinishedAt,
                })
                .SingleOrDefaultAsync(cancellationToken);
            if (Run is null)
            {
                return NotFound();
            }

            Result = CalibrationJob.ReadResult(Run);
            if (Run.Status is CalibrationStatus.Queued or CalibrationStatus.Running)
            {
                // The browser reloads the page until the run ends; no script needed.
                Response.Headers["Refresh"] = "2";
            }
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? set, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken, fillThresholds: false);
        if (set is null || set.Length == 0)
        {
            Problem = "Choose a zip file with your images and pairs.csv.";
            return Page();
        }

        if (set.Length > Limits.MaxZipBytes)
        {
            Problem = $"The zip is too large: the limit is {Limits.MaxZipBytes / 1024 / 1024} MiB.";
            return Page();
        }

        if (!TryParse(AcceptAt, out var acceptAt) || !TryParse(ReviewFrom, out var reviewFrom) || !(reviewFrom <= acceptAt) || acceptAt > 1 || reviewFrom < -1)
        {
            Problem = "Enter the thresholds as numbers with −1 ≤ review from ≤ accept at ≤ 1.";
            return Page();
        }

        var zip = new byte[set.Length];
        await using (var stream = set.OpenReadStream())
        {
            await stream.ReadExactlyAsync(zip, cancellationToken);
        }

        var label = acceptAt == Current.Thresholds.AcceptAt && reviewFrom == Current.Thresholds.ReviewFrom
            ? $"current settings v{Current.Version.ToString(CultureInfo.InvariantCulture)}"
            : "proposed thresholds";
        try
        {
            var run = await calibration.StartAsync(set.FileName, zip, acceptAt, reviewFrom, label, new AuditActor(users.GetUserId(User), User.Identity?.Name), cancellationToken);
            return RedirectToPage(new { id = run.Id });
        }
        catch (CalibrationArchiveException e)
        {
            Problem = e.Message;
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken, bool fillThresholds = true)
    {
        Current = await store.CurrentAsync(cancellationToken);
        if (fillThresholds)
        {
            AcceptAt = GateSettingField.Format(Current.Thresholds.AcceptAt);
            ReviewFrom = GateSettingField.Format(Current.Thresholds.ReviewFrom);
        }

        Recent = await db.CalibrationRuns.AsNoTracking().OrderByDescending(r => r.CreatedAt).Take(10)
            .Select(r => new CalibrationRun
            {
                Id = r.Id,
                CreatedAt = r.CreatedAt,
                CreatedByEmail = r.CreatedByEmail,
                FileName = r.FileName,
                Status = r.Status,
                SettingsLabel = r.SettingsLabel,
                Images = r.Images,
                Pairs = r.Pairs,
            })
            .ToListAsync(cancellationToken);
    }

    private static bool TryParse(string? text, out float value) =>
        float.TryParse(text?.Trim().Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && float.IsFinite(value);
}
