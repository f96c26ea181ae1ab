using System.Globalization;
using Headshots.Vision.Authenticity;
using Headshots.Vision.Faces;

namespace Headshots.Web.Features.Gate;

/// <summary>
/// Everything an admin can tune about the gate and the source-photo checks, as one numbered version.
/// <see cref="Thresholds"/>' own <c>Version</c> equals <see cref="Version"/>, so every recorded decision names it.
/// </summary>
public sealed record GateSettings(int Version, GateThresholds Thresholds, PhotoQualityOptions PhotoQuality, float ConsistencyMinSimilarity);

/// <summary>One changed field of a saved version.</summary>
public sealed record GateSettingChange(string Field, string Label, string Old, string New);

/// <summary>
/// One editable setting: its form key, words for the admin, the range it must lie in, and how to read and replace it.
/// The table drives the form, the validation and the old → new history, so a setting cannot be in one and not the others.
/// </summary>
public sealed record GateSettingField(
    string Key,
    string Group,
    string Label,
    double Min,
    double Max,
    Func<GateSettings, double> Get,
    Func<GateSettings, double, GateSettings> With)
{
    public string Format(GateSettings settings) => Format(Get(settings));

    public static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}

public static class GateSettingFields
{
    public const string GateGroup = "Authenticity gate";
    public const string PhotoGroup = "Source-photo checks";

    public static IReadOnlyList<GateSettingField> All { get; } =
    [
        Gate(nameof(GateThresholds.AcceptAt), "Accept at (identity similarity ≥)", -1, 1, t => t.AcceptAt, (t, v) => t with { AcceptAt = (float)v }),
        Gate(nameof(GateThresholds.ReviewFrom), "Review from (below this: reject)", -1, 1, t => t.ReviewFrom, (t, v) => t with { ReviewFrom = (float)v }),
        Gate(nameof(GateThresholds.SkinToneReviewDeltaE), "Skin tone: review above ΔE", 0, 200, t => t.SkinToneReviewDeltaE, (t, v) => t with { SkinToneReviewDeltaE = v }),
        Gate(nameof(GateThresholds.SkinToneRejectDeltaE), "Skin tone: reject above ΔE", 0, 200, t => t.SkinToneRejectDeltaE, (t, v) => t with { SkinToneRejectDeltaE = v }),
        Gate(nameof(GateThresholds.GeometryReviewChange), "Face shape: review above relative change", 0, 5, t => t.GeometryReviewChange, (t, v) => t with { GeometryReviewChange = (float)v }),
        Gate(nameof(GateThresholds.GeometryRejectChange), "Face shape: reject above relative change", 0, 5, t => t.GeometryRejectChange, (t, v) => t with { GeometryRejectChange = (float)v }),
        Gate(nameof(GateThresholds.ProminentFaceAreaRatio), "Output: a second face counts from this area ratio", 0.01, 1, t => t.ProminentFaceAreaRatio, (t, v) => t with { ProminentFaceAreaRatio = (float)v }),
        Photo("Photo" + nameof(PhotoQualityOptions.ProminentFaceAreaRatio), "Photo: a second face counts from this area ratio", 0.01, 1, q => q.ProminentFaceAreaRatio, (q, v) => q with { ProminentFaceAreaRatio = (float)v }),
        Photo("Photo" + nameof(PhotoQualityOptions.MinInterOcularDistance), "Photo: minimum eye distance (px)", 0, 2000, q => q.MinInterOcularDistance, (q, v) => q with { MinInterOcularDistance = (float)v }),
        Photo("Photo" + nameof(PhotoQualityOptions.MaxAbsYaw), "Photo: largest head turn (yaw, °)", 0, 90, q => q.MaxAbsYaw, (q, v) => q with { MaxAbsYaw = (float)v }),
        Photo("Photo" + nameof(PhotoQualityOptions.MaxAbsPitch), "Photo: largest head tilt (pitch, °)", 0, 90, q => q.MaxAbsPitch, (q, v) => q with { MaxAbsPitch = (float)v }),
        Photo("Photo" + nameof(PhotoQualityOptions.MinEyeOpenProbability), "Photo: refuse as eyes closed when neither eye is open with probability ≥", 0, 1, q => q.MinEyeOpenProbability, (q, v) => q with { MinEyeOpenProbability = (float)v }),
        Photo("Photo" + nameof(PhotoQualityOptions.MinSharpness), "Photo: minimum sharpness (Laplacian variance)", 0, 100_000, q => q.MinSharpness, (q, v) => q with { MinSharpness = (float)v }),
        Photo("Photo" + nameof(PhotoQualityOptions.MinRoomBelowChin), "Photo: least room below the chin (face heights)", 0, 10, q => q.MinRoomBelowChin, (q, v) => q with { MinRoomBelowChin = (float)v }),
        Photo("Photo" + nameof(PhotoQualityOptions.MinBrightness), "Photo: minimum face brightness (0–255)", 0, 255, q => q.MinBrightness, (q, v) => q with { MinBrightness = (float)v }),
        Photo("Photo" + nameof(PhotoQualityOptions.MaxBrightness), "Photo: maximum face brightness (0–255)", 0, 255, q => q.MaxBrightness, (q, v) => q with { MaxBrightness = (float)v }),
        new(nameof(GateSettings.ConsistencyMinSimilarity), PhotoGroup, "Photo: used as a reference only if similarity to the user's others ≥", -1, 1,
            s => s.ConsistencyMinSimilarity, (s, v) => s with { ConsistencyMinSimilarity = (float)v }),
    ];

    /// <summary>Every problem with <paramref name="settings"/>, in words an admin can act on; empty when they may be saved.</summary>
    public static IReadOnlyList<string> Validate(GateSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = new List<string>();
        foreach (var field in All)
        {
            var value = field.Get(settings);
            if (!double.IsFinite(value) || value < field.Min || value > field.Max)
            {
                problems.Add($"{field.Label}: {GateSettingField.Format(value)} is outside {GateSettingField.Format(field.Min)} to {GateSettingField.Format(field.Max)}.");
            }
        }

        if (problems.Count > 0)
        {
            return problems;
        }

        try
        {
            settings.Thresholds.Validate();
        }
        catch (ArgumentException e)
        {
            problems.Add(e.Message);
        }

        if (settings.PhotoQuality.MinBrightness > settings.PhotoQuality.MaxBrightness)
        {
            problems.Add("Photo: the minimum face brightness must not be above the maximum.");
        }

        return problems;
    }

    /// <summary>The fields whose shown value differs between two versions.</summary>
    public static IReadOnlyList<GateSettingChange> Diff(GateSettings before, GateSettings after) =>
        All.Where(f => f.Format(before) != f.Format(after))
            .Select(f => new GateSettingChange(f.Key, f.Label, f.Format(before), f.Format(after)))
            .ToList();

    private static GateSettingField Gate(string key, string label, double min, double max, Func<GateThresholds, double> get, Func<GateThresholds, double, GateThresholds> with) =>
        new(key, GateGroup, label, min, max, s => get(s.Thresholds), (s, v) => s with { Thresholds = with(s.Thresholds, v) });

    private static GateSettingField Photo(string key, string label, double min, double max, Func<PhotoQualityOptions, double> get, Func<PhotoQualityOptions, double, PhotoQualityOptions> with) =>
        new(key, PhotoGroup, label, min, max, s => get(s.PhotoQuality), (s, v) => s with { PhotoQuality = with(s.PhotoQuality, v) });
}
