using System.Text.Json;
using System.Text.Json.Serialization;
using Headshots.Vision.Authenticity;
using Headshots.Vision.Faces;
using Headshots.Web.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Headshots.Web.Tests.Gate;

/// <summary>
/// Stored gate decisions with chosen measurements, written the way GenerationJob writes them (evidence JSON with the
/// decision, string enums), each decided under the default thresholds. Shared with the E2E tests.
/// </summary>
public static class DecisionSeeds
{
    private static readonly JsonSerializerOptions EvidenceJson = new() { Converters = { new JsonStringEnumConverter() } };

    /// <summary>What a decision of this version records among its models: the two identity models (the preview replays only such decisions).</summary>
    public static readonly ModelFingerprint[] CurrentModels = [new(FaceModelIds.Embedding, new string('a', 64)), new(FaceModelIds.Descriptor, new string('b', 64))];

    /// <summary>One decision's measurements. Identity null = no face in the output.</summary>
    public sealed record Measured(float? Identity, double SkinDeltaE = 2, float Geometry = 0.03f);

    /// <summary>Adds one generation with a headshot per measurement, created one minute apart in list order (the last is newest).</summary>
    public static async Task<Guid> SeedAsync(IServiceProvider services, string userId, IReadOnlyList<Measured> decisions)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var generation = new Data.Generation
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            CreatedAt = start,
            Styles = [.. decisions.Select((_, i) => $"seed-{i}")],
            Intensity = "Standard",
            Status = GenerationStatus.Completed,
        };
        db.Generations.Add(generation);
        for (var i = 0; i < decisions.Count; i++)
        {
            var scores = Scores(decisions[i]);
            var judged = AuthenticityGate.Judge(scores, GateThresholds.Default);
            var decision = new GateDecision(judged.Verdict, judged.Reasons, scores, GateThresholds.Default, CurrentModels);
            db.Headshots.Add(new Headshot
            {
                Id = Guid.NewGuid(),
                GenerationId = generation.Id,
                UserId = userId,
                Style = $"seed-{i}",
                Intensity = "Standard",
                Verdict = judged.Verdict.ToString(),
                Score = scores.Identity,
                Reasons = [.. judged.Reasons.Select(r => r.Message)],
                Evidence = JsonSerializer.Serialize(new { decision, attempts = Array.Empty<object>() }, EvidenceJson),
                CreatedAt = start.AddMinutes(i + 1),
            });
        }

        await db.SaveChangesAsync();
        return generation.Id;
    }

    public static GateScores Scores(Measured m) => m.Identity is { } identity
        ? new GateScores(identity, [identity], identity, 1, 1, m.SkinDeltaE, m.Geometry, null)
        : new GateScores(null, [], null, 0, 1, null, null, null);
}
