using System.Globalization;
using Headshots.Vision.Authenticity;
using Headshots.Web.Data;
using Headshots.Web.Features.Generation;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Headshots.Web.Pages.Gallery;

public sealed class ViewModel(AppDbContext db, UserManager<AppUser> users) : PageModel
{
    public Headshot? Headshot { get; private set; }

    public Guid? SourcePhotoId { get; private set; }

    /// <summary>The gate's other measurements, in words, read from the stored decision.</summary>
    public IReadOnlyList<string> Measurements { get; private set; } = [];

    /// <summary>The pass threshold in force when this headshot was decided (from its recorded decision, not today's settings).</summary>
    public string PassThreshold { get; private set; } = "";

    /// <summary>The gate settings version that threshold belongs to (see /Admin/Gate).</summary>
    public int SettingsVersion { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var userId = users.GetUserId(User);
        Headshot = await db.Headshots.AsNoTracking().SingleOrDefaultAsync(h => h.Id == id && h.UserId == userId, cancellationToken);
        if (Headshot is null)
        {
            return NotFound();
        }

        // Evidence that cannot be read (hand-edited, or from a format long gone) leaves the measurements out; the owner
        // still sees the headshot and its verdict rather than an error page.
        if (HeadshotEvidence.Read(Headshot.Evidence)?.Decision is { } decision)
        {
            Measurements = Describe(decision.Scores);
            PassThreshold = decision.Thresholds.AcceptAt.ToString("0.00", CultureInfo.InvariantCulture);
            SettingsVersion = decision.Thresholds.Version;
        }

        SourcePhotoId = await db.Generations.Where(g => g.Id == Headshot.GenerationId).Select(g => g.SourcePhotoId).SingleAsync(cancellationToken);
        return Page();
    }

    private static List<string> Describe(GateScores scores)
    {
        var lines = new List<string>();
        if (scores.SourceSimilarity is { } source)
        {
            lines.Add($"Similarity to the photo it was made from: {source.ToString("0.00", CultureInfo.InvariantCulture)}");
        }

        if (scores.SkinToneDeltaE is { } skin)
        {
            lines.Add($"Skin-tone change (ΔE): {skin.ToString("0.0", CultureInfo.InvariantCulture)}");
        }

        if (scores.GeometryChange is { } geometry)
        {
            lines.Add($"Face-shape change: {(geometry * 100).ToString("0.0", CultureInfo.InvariantCulture)} %");
        }

        lines.Add($"Faces in the headshot: {scores.CandidateFaces}");
        return lines;
    }
}
