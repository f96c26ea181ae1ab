using System.Text.Json;
using System.Text.Json.Serialization;
using Headshots.Vision.Authenticity;
using Headshots.Vision.Enhancement;

namespace Headshots.Web.Features.Generation;

/// <summary>
/// The gate's recorded decision and every render attempt, read back from <c>Headshot.Evidence</c> (written by
/// <c>GenerationJob</c> as <c>{ decision, attempts, stageMs, totalMs }</c>) into the Vision types that produced it.
/// The one reader of that JSON: the gallery, the review queue, the share card and the lab's preview all go through it.
/// </summary>
public sealed record HeadshotEvidence(GateDecision Decision, IReadOnlyList<EnhancementAttempt> Attempts)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter() },
    };

    // Razor encodes the text it writes into the page, so the JSON itself need not escape non-ASCII (ΔE, dashes).
    private static readonly JsonSerializerOptions PrettyJson = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Null when the stored JSON cannot be read as a decision (callers then show what they can without it).</summary>
    public static HeadshotEvidence? Read(string evidence)
    {
        try
        {
            var stored = JsonSerializer.Deserialize<Stored>(evidence, Json);
            return stored?.Decision is null ? null : new HeadshotEvidence(stored.Decision, stored.Attempts ?? []);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Indented, for the reviewer who wants every number.</summary>
    public static string Pretty(string evidence)
    {
        try
        {
            using var document = JsonDocument.Parse(evidence);
            return JsonSerializer.Serialize(document.RootElement, PrettyJson);
        }
        catch (JsonException)
        {
            return evidence;
        }
    }

    private sealed record Stored(GateDecision? Decision, List<EnhancementAttempt>? Attempts);
}
