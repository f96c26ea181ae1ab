using System.Text.Json;
using System.Text.Json.Serialization;
using Headshots.Vision.Authenticity;
using Headshots.Vision.Enhancement;

namespace Headshots.Web.Features.Reviews;

/// <summary>
/// The gate's recorded decision and every render attempt, read back from <c>Headshot.Evidence</c> (written by
/// <c>GenerationJob</c> as <c>{ decision, attempts, stageMs, totalMs }</c>) into the Vision types that produced it.
/// </summary>
public sealed record ReviewEvidence(GateDecision Decision, IReadOnlyList<EnhancementAttempt> Attempts)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter() },
    };

    // Razor encodes the text it writes into the page, so the JSON itself need not escape non-ASCII (ΔE, dashes).
    private static readonly JsonSerializerOptions PrettyJson = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Null when the stored JSON cannot be read as a decision; the page then shows the raw JSON instead.</summary>
    public static ReviewEvidence? Read(string evidence)
    {
        try
        {
            var stored = JsonSerializer.Deserialize<Stored>(evidence, Json);
            return stored?.Decision is null ? null : new ReviewEvidence(stored.Decision, stored.Attempts ?? []);
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
