using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Headshots.Vision.Authenticity;
using Headshots.Vision.Enhancement;
using Headshots.Vision.Onnx;
using Headshots.Web.Data;
using Headshots.Web.Features.Vision;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Headshots.Web.Tests.Reviews;

/// <summary>What the seed wrote, so a test can compare what the pages serve with what is stored.</summary>
public sealed record SeededHeadshot(Guid Id, Guid GenerationId, byte[] Jpeg, GateDecision Decision);

/// <summary>
/// Writes headshots the way <c>GenerationJob</c> does (same rows, same evidence JSON shape, bytes from the real
/// <see cref="HeadshotEncoder"/>) without running a generation: review tests need outputs in particular gate states,
/// not minutes of rendering. Shared with the E2E project (linked file), so it depends on nothing test-specific.
/// </summary>
public static class ReviewSeed
{
    // GenerationJob's evidence serialiser: enums as names, property names as declared.
    private static readonly JsonSerializerOptions EvidenceJson = new() { Converters = { new JsonStringEnumConverter() } };

    public static byte[] LennaJpeg(int size = 480)
    {
        using var image = LoadLenna(size);
        using var output = new MemoryStream();
        image.SaveAsJpeg(output, new JpegEncoder { Quality = 90 });
        return output.ToArray();
    }

    /// <summary>A source photo row with Lenna's bytes and her real face embedding (computed by the app's own face models).</summary>
    public static async Task<Guid> SourcePhotoAsync(IServiceProvider services, string userId)
    {
        await using var scope = services.CreateAsyncScope();
        var faces = scope.ServiceProvider.GetRequiredService<FaceServices>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var jpeg = LennaJpeg();
        using var image = Image.Load<Rgb24>(jpeg);
        var face = faces.Analyzer.Analyze(image).Best ?? throw new InvalidOperationException("No face found in the test photo.");
        var photo = new Photo
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            UploadedAt = DateTimeOffset.UtcNow,
            DisplayName = "me.jpg",
            Width = image.Width,
            Height = image.Height,
            Embedding = face.Embedding.ToArray(),
            Content = new PhotoContent { Jpeg = jpeg, Sha256 = Convert.ToHexStringLower(SHA256.HashData(jpeg)) },
        };
        db.Photos.Add(photo);
        await db.SaveChangesAsync();
        return photo.Id;
    }

    /// <summary>
    /// A completed generation with one headshot the gate decided <paramref name="verdict"/> on. A Reject keeps no image
    /// (as in the job: every attempt was rejected); Accept and Review keep a real encoded output.
    /// </summary>
    public static async Task<SeededHeadshot> HeadshotAsync(
        IServiceProvider services,
        string userId,
        Guid? sourcePhotoId,
        GateVerdict verdict,
        DateTimeOffset? createdAt = null,
        DateTimeOffset? appealedAt = null,
        string style = "Corporate")
    {
        var decision = Decision(verdict);
        var attempts = Attempts(decision);
        var created = createdAt ?? DateTimeOffset.UtcNow;
        byte[] jpeg = [], png = [];
        int width = 0, height = 0;
        if (verdict != GateVerdict.Reject)
        {
            using var output = LoadLenna(512);
            var provenance = new Provenance(style, Intensity.Standard, verdict, decision.Scores.Identity, decision.Scores.SourceSimilarity,
                decision.Thresholds.Version, attempts[^1].Strength, decision.Models, ["segmentation"]);
            jpeg = HeadshotEncoder.Encode(output, HeadshotFormat.Jpeg, provenance);
            png = HeadshotEncoder.Encode(output, HeadshotFormat.Png, provenance);
            (width, height) = (output.Width, output.Height);
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var generation = new Data.Generation
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            CreatedAt = created,
            SourcePhotoId = sourcePhotoId,
            Styles = [style],
            Intensity = nameof(Intensity.Standard),
            Status = GenerationStatus.Completed,
            Attempts = 1,
            Percent = 100,
            StartedAt = created,
            FinishedAt = created,
        };
        var headshot = new Headshot
        {
            Id = Guid.NewGuid(),
            GenerationId = generation.Id,
            UserId = userId,
            Style = style,
            Intensity = generation.Intensity,
            Verdict = decision.Verdict.ToString(),
            Score = decision.Scores.Identity,
            ScoreToSource = decision.Scores.SourceSimilarity,
            BaselineLow = 0.55f,
            BaselineHigh = 0.71f,
            Reasons = [.. decision.Reasons.Select(r => r.Message)],
            Evidence = JsonSerializer.Serialize(new { decision, attempts, stageMs = new Dictionary<string, double> { ["gate"] = 41.5 }, totalMs = 2150.0 }, EvidenceJson),
            Edits = [],
            Width = width,
            Height = height,
            CreatedAt = created,
            AppealRequestedAt = appealedAt,
            Content = HeadshotContent.For(jpeg, png),
        };
        generation.Headshots.Add(headshot);
        db.Generations.Add(generation);
        await db.SaveChangesAsync();
        return new SeededHeadshot(headshot.Id, generation.Id, jpeg, decision);
    }

    /// <summary>A decision with numbers typical of each verdict (identity in the review band for Review, and so on).</summary>
    public static GateDecision Decision(GateVerdict verdict)
    {
        var thresholds = GateThresholds.Default;
        var (identity, reasons) = verdict switch
        {
            GateVerdict.Accept => (0.612f, new List<GateReason>()),
            GateVerdict.Review => (0.437f, new List<GateReason> { new(GateCheck.Identity, GateVerdict.Review, "Looks like you 0.44: below the 0.55 needed to pass, so a person will check it.") }),
            _ => (0.214f, new List<GateReason> { new(GateCheck.Identity, GateVerdict.Reject, "Looks like you 0.21: too far from your own photos.") }),
        };
        var scores = new GateScores(
            identity,
            [identity - 0.021f, identity + 0.034f, identity - 0.008f],
            0.873f,
            1,
            1,
            6.4,
            0.052f,
            new Dictionary<string, float> { ["eyeDistanceToFaceWidth"] = 0.031f, ["jawWidthToFaceWidth"] = 0.052f });
        return new GateDecision(verdict, reasons, scores, thresholds, [new ModelFingerprint("fr_feature", new string('a', 64)), new ModelFingerprint("dlib_resnet", new string('b', 64))]);
    }

    private static List<EnhancementAttempt> Attempts(GateDecision decision)
    {
        // Full strength first, then weaker: the job stops at the first accept; otherwise all three are recorded.
        var strengths = decision.Verdict == GateVerdict.Accept ? new[] { 1f } : [1f, 0.5f, 0f];
        return strengths.Select((strength, i) => new EnhancementAttempt(
            i + 1,
            strength,
            new StageStrengths(0.7f * strength, 0.5f * strength, 0.6f * strength),
            decision.Verdict,
            decision.Scores with { Identity = decision.Scores.Identity + (0.01f * i) },
            decision.Reasons,
            new Dictionary<string, double> { ["gate"] = 12.5 + i })).ToList();
    }

    private static Image<Rgb24> LoadLenna(int size)
    {
        var path = ModelLocations.Resolve(startDirectory: AppContext.BaseDirectory).TestAssetPath("lenna.png");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Test photo {path} is missing. Run: scripts/headshots models fetch --test-assets", path);
        }

        var image = Image.Load<Rgb24>(path);
        image.Mutate(x => x.Resize(size, size));
        return image;
    }
}
