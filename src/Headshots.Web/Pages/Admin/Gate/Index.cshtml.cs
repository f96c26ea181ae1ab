using System.Globalization;
using Headshots.Web.Data;
using Headshots.Web.Features.Audit;
using Headshots.Web.Features.Gate;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Headshots.Web.Pages.Admin.Gate;

/// <summary>The threshold lab: the settings in force, a what-if preview of proposed ones on recent decisions, saving with a reason, history.</summary>
public sealed class IndexModel(GateSettingsStore store, GatePreview preview, UserManager<AppUser> users) : PageModel
{
    public GateSettings Current { get; private set; } = null!;

    public IReadOnlyList<GateSettingsVersion> History { get; private set; } = [];

    /// <summary>The form's values by field key, as typed (kept when refused).</summary>
    [BindProperty]
    public Dictionary<string, string> Values { get; set; } = [];

    /// <summary>The version the form was filled from; a save on top of an older one is refused.</summary>
    [BindProperty]
    public int BaseVersion { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public int Decisions { get; set; } = GatePreview.DefaultDecisions;

    public GatePreviewResult? Preview { get; private set; }

    public GateSettings? Proposed { get; private set; }

    public IReadOnlyList<string> Problems { get; private set; } = [];

    /// <summary>After a stale save: what the admin had tried to change, so their values are not lost.</summary>
    public IReadOnlyList<GateSettingChange> Unsaved { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(fillForm: true, cancellationToken);

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(fillForm: false, cancellationToken);
        var (proposed, problems) = Parse(Current);
        if (problems.Count == 0)
        {
            problems.AddRange(GateSettingFields.Validate(proposed));
        }

        Problems = problems;
        if (problems.Count == 0)
        {
            Proposed = proposed;
            Preview = await preview.RunAsync(Current, proposed, Decisions, cancellationToken);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(fillForm: false, cancellationToken);
        var basis = BaseVersion == Current.Version ? Current : await store.GetAsync(BaseVersion, cancellationToken) ?? Current;
        var (proposed, problems) = Parse(basis);
        if (problems.Count > 0)
        {
            Problems = problems;
            return Page();
        }

        var result = await store.SaveAsync(proposed, BaseVersion, Reason, new AuditActor(users.GetUserId(User), User.Identity?.Name), cancellationToken);
        if (result.Succeeded)
        {
            Message = $"Saved as version {result.Saved!.Version.ToString(CultureInfo.InvariantCulture)}. New generations and uploads use it from now on.";
            return RedirectToPage();
        }

        Problems = result.Problems;
        if (result.Stale)
        {
            // Show the settings now in force, and list what this admin tried to change so it can be redone on top.
            Unsaved = GateSettingFields.Diff(basis, proposed);
            await LoadAsync(fillForm: true, cancellationToken);
            Reason = null;
        }

        return Page();
    }

    private async Task LoadAsync(bool fillForm, CancellationToken cancellationToken)
    {
        Current = await store.CurrentAsync(cancellationToken);
        History = await store.HistoryAsync(cancellationToken);
        Decisions = Math.Clamp(Decisions, 1, GatePreview.MaxDecisions);
        if (fillForm)
        {
            BaseVersion = Current.Version;
            Values = GateSettingFields.All.ToDictionary(f => f.Key, f => f.Format(Current), StringComparer.Ordinal);
            ModelState.Clear();
        }
    }

    /// <summary>The form's values applied on top of <paramref name="basis"/>; a missing or non-numeric value is a problem.</summary>
    private (GateSettings Settings, List<string> Problems) Parse(GateSettings basis)
    {
        var settings = basis;
        var problems = new List<string>();
        foreach (var field in GateSettingFields.All)
        {
            var text = Values.GetValueOrDefault(field.Key)?.Trim().Replace(',', '.');
            if (string.IsNullOrEmpty(text))
            {
                problems.Add($"{field.Label}: enter a number.");
            }
            else if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                problems.Add($"{field.Label}: \"{text}\" is not a number.");
            }
            else
            {
                settings = field.With(settings, value);
            }
        }

        return (settings, problems);
    }
}
