using System.Globalization;
using Headshots.Vision.Enhancement;
using Headshots.Web.Data;
using Headshots.Web.Features.Generation;
using Headshots.Web.Features.Privacy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Headshots.Web.Pages.Gallery;

public sealed class IndexModel(
    AppDbContext db,
    UserManager<AppUser> users,
    GenerationService generations,
    DeletionService deletion,
    TimeProvider clock) : PageModel
{
    public IReadOnlyList<HeadshotStyle> Styles => HeadshotStyles.All;

    public int PhotoCount { get; private set; }

    public IReadOnlyList<Data.Generation> Generations { get; private set; } = [];

    private string UserId => users.GetUserId(User)!;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostGenerateAsync(string[] styles, string intensity, CancellationToken cancellationToken)
    {
        var result = await generations.RequestAsync(UserId, styles, intensity ?? "", null, cancellationToken);
        if (result.Problem is not null)
        {
            ModelState.AddModelError(string.Empty, result.Problem);
            await LoadAsync(cancellationToken);
            return Page();
        }

        return RedirectToPage();
    }

    /// <summary>The owner asks a person to look at an output the gate held back (the admin review queue reads these).</summary>
    public async Task<IActionResult> OnPostAppealAsync(Guid id, CancellationToken cancellationToken)
    {
        var updated = await db.Headshots
            .Where(h => h.Id == id && h.UserId == UserId && h.Verdict != "Accept" && h.AppealRequestedAt == null && h.ReviewOutcome == null)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.AppealRequestedAt, clock.GetUtcNow()), cancellationToken);
        return updated == 0 ? NotFound() : RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var receipt = await deletion.DeleteGenerationAsync(UserId, id, cancellationToken);
        return receipt is null ? NotFound() : RedirectToPage("/Privacy/Receipt", new { id = receipt.Id });
    }

    public static string Score(float? score) => score is { } value ? value.ToString("0.00", CultureInfo.InvariantCulture) : "—";

    public static string BaselineText(Headshot headshot) => headshot.BaselineLow is { } low && headshot.BaselineHigh is { } high
        ? $" — your own photos agree at {Score(low)}–{Score(high)}"
        : "";

    /// <summary>A reviewer's decision in the owner's words; null when no person has decided. Reviewers stay anonymous.</summary>
    public static string? ReviewText(Headshot headshot) => headshot.ReviewOutcome switch
    {
        ReviewOutcome.Approved => $"Approved by a reviewer on {headshot.ReviewedAt?.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}.",
        ReviewOutcome.Rejected => $"Rejected by a reviewer: {headshot.ReviewReason}",
        _ => null,
    };

    public static string Describe(Data.Generation generation) => generation.Status switch
    {
        GenerationStatus.Queued => "Waiting for its turn…",
        GenerationStatus.Running => $"Working: {generation.Stage ?? "starting"} ({generation.Percent} %)",
        GenerationStatus.Completed => generation.Headshots.Any(h => h.IsApproved)
            ? "Done."
            : "Done — but the authenticity check held every result back. See why below.",
        _ => generation.Message ?? "This could not be processed.",
    };

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        PhotoCount = await db.Photos.CountAsync(p => p.UserId == UserId, cancellationToken);
        Generations = await db.Generations.AsNoTracking()
            .Where(g => g.UserId == UserId)
            .Include(g => g.Headshots)
            .OrderByDescending(g => g.CreatedAt)
            .ToListAsync(cancellationToken);
    }
}
