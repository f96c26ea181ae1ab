using System.Diagnostics;
using Headshots.Vision.Authenticity;
using Headshots.Vision.Faces;
using Headshots.Vision.Geometry;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Vision.Enhancement;

/// <summary>The source photo cannot be made into a headshot (no face found). The message can be shown to the user.</summary>
public sealed class EnhancementException(string message) : Exception(message);

/// <summary>
/// Turns one photo into a headshot under the authenticity gate: framing, background, restoration, retouch, light and
/// colour, then the gate. When the gate does not accept, it renders again with less strength, down to the minimal version
/// (framing and background only), and records every attempt. Work that does not depend on strength (face analysis,
/// framing, segmentation, super-resolution, face mesh) is done once per job. Thread-safe: all state is per call.
/// </summary>
public sealed class HeadshotEnhancer
{
    private readonly FaceAnalyzer _analyzer;
    private readonly AuthenticityGate _gate;
    private readonly EnhancementModels _models;
    private readonly EnhancementOptions _options;

    public HeadshotEnhancer(FaceAnalyzer analyzer, AuthenticityGate gate, EnhancementModels models, EnhancementOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(models);
        _analyzer = analyzer;
        _gate = gate;
        _models = models;
        _options = options ?? new EnhancementOptions();
        _options.Validate();
    }

    /// <param name="source">The user's photo, upright (as <c>SafeImageLoader</c> returns it).</param>
    /// <param name="references">Embeddings of the user's accepted photos; null compares with the source photo's own face.</param>
    /// <param name="request">Style, intensity and the gate thresholds in force.</param>
    /// <param name="progress">Told after every stage.</param>
    /// <param name="cancellationToken">Checked between stages.</param>
    public EnhancementResult Enhance(
        Image<Rgb24> source,
        IReadOnlyCollection<FaceEmbedding>? references,
        EnhancementRequest request,
        IProgress<EnhancementProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(request);
        var run = new Run(progress, cancellationToken);
        var analysis = run.Stage(0, StageNames.Analysis, () => _analyzer.Analyze(source, FaceAnalysisDetail.Identity));
        return Enhance(new SourcePhoto(source, analysis), references, request, run);
    }

    /// <summary>As above, reusing an identity-level analysis of the source the caller already has.</summary>
    public EnhancementResult Enhance(
        SourcePhoto source,
        IReadOnlyCollection<FaceEmbedding>? references,
        EnhancementRequest request,
        IProgress<EnhancementProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(request);
        return Enhance(source, references, request, new Run(progress, cancellationToken));
    }

    private EnhancementResult Enhance(SourcePhoto source, IReadOnlyCollection<FaceEmbedding>? references, EnhancementRequest request, Run run)
    {
        var face = source.Analysis.Best ?? throw new EnhancementException("No face was found in this photo, so no headshot can be made from it.");
        var referenceSet = references is { Count: > 0 } ? references : [face.Embedding];
        var o = _options;
        var notes = _models.Missing.Select(id => $"Model '{id}' is not available; its stage is left out.").ToList();
        var used = new List<string>();

        // Shared preparation (attempt 0).
        var image = source.Image;
        var superResolution = o.Stages.Restoration ? _models.SuperResolution : null;
        var framing = o.Framing with
        {
            MaxUpscale = superResolution is null ? o.Framing.MaxUpscale : MathF.Max(o.Framing.MaxUpscale, superResolution.Descriptor.OutputScale),
        };
        float[] coverage = [];
        var (plan, plain) = run.Stage(0, StageNames.Framing, () =>
        {
            if (o.Stages.Framing)
            {
                var aligned = Framing.Plan(image.Width, image.Height, face.Landmarks, request.Style.Composition, framing);
                return (aligned, Framing.Render(image, aligned, framing, out coverage, run.Flops));
            }

            // Unframed, the photo fills the whole output: there is no edge of the photo inside the frame to fade.
            var whole = Framing.Whole(image.Width, image.Height, framing);
            return (whole, Framing.Render(image, whole, framing with { EdgeFade = 0 }, out coverage, run.Flops));
        });
        var landmarks = new FaceLandmarks(face.Landmarks.Points.Select(plan.ToCanvas).ToList());
        var box = face.Detection.Box;
        var faceBox = Box.FromCenter(plan.ToCanvas(box.Center), box.Width * plan.Scale, box.Height * plan.Scale);

        var alpha = coverage;
        var segmented = false;
        if (o.Stages.Background && _models.Segmentation is { } segmentation)
        {
            segmented = true;
            var coarse = run.Stage(0, StageNames.Segmentation, () => segmentation.Run(plain));
            alpha = run.Stage(0, StageNames.Matte, () => Background.RefineMatte(plain, coarse, coverage, o.Matte, run.Flops));
            used.Add(segmentation.ModelId);
        }
        else if (o.Stages.Background)
        {
            notes.Add("No segmentation model: the photo's own background is kept; only the frame beyond the photo is painted.");
        }

        // Twice the matte radius: the uncertain band is the coarse mask's blur plus the guided filter's window.
        var backdropRadius = Math.Max(2, (int)(2 * o.Matte.Radius * plan.Width));
        PlanarImage oldBackdrop;
        if (!segmented)
        {
            oldBackdrop = run.Stage(0, StageNames.Background, () => Background.EstimateBackdrop(plain, alpha, coverage, backdropRadius, run.Flops));
        }
        else
        {
            (alpha, oldBackdrop) = run.Stage(0, StageNames.Matte, () => Background.Unmix(plain, alpha, coverage, backdropRadius, run.Flops));
        }

        var backdrop = run.Stage(0, StageNames.Background, () => Background.Render(request.Style, plain, alpha, coverage, run.Flops));

        var layers = new List<RestorationLayer>();
        if (superResolution is not null && plan.Scale > o.SuperResolutionFromUpscale)
        {
            layers.Add(run.Stage(0, StageNames.SuperResolution, () => Restoration.SuperResolve(superResolution, image, box, plan)));
            used.Add(superResolution.ModelId);
        }

        if (o.Stages.Restoration && _models.Restorers.Count > 0)
        {
            layers.AddRange(run.Stage(0, StageNames.Restorers, () => _models.Restorers.Select(r => Restoration.Run(r, plain, landmarks)).ToList()));
            used.AddRange(_models.Restorers.Select(r => r.ModelId));
        }

        float[]? skin = null;
        if (o.Stages.Retouch && _models.FaceMesh is { } faceMesh)
        {
            var mesh = run.Stage(0, StageNames.FaceMesh, () => faceMesh.Detect(plain, faceBox));
            if (mesh.Presence >= FaceMeshPoints.MinPresence)
            {
                skin = Retouch.SkinMask(plain, mesh, landmarks);
                used.Add(BuiltInModels.FaceMeshId);
            }
            else
            {
                notes.Add($"The face mesh did not find the face (presence {mesh.Presence:0.00}); retouch is left out.");
            }
        }

        // The face-count guard compares the output with the part of the photo the frame shows: a bystander cropped out by
        // the framing is not a missing face.
        var framed = source with
        {
            Analysis = source.Analysis with
            {
                Faces = source.Analysis.Faces.Where(f => IsInside(plan.ToCanvas(f.Detection.Box.Center), plan)).ToList(),
            },
        };
        var modelIds = used.Select(id => _models.Sha256.TryGetValue(id, out var sha) ? $"{id}:{sha}" : id).ToList();
        var attempts = new List<EnhancementAttempt>();
        Image<Rgb24>? best = null;
        GateDecision? bestDecision = null;
        var baseStrengths = HeadshotStyles.Strengths(request.Intensity);
        foreach (var factor in o.AttemptFactors)
        {
            var number = attempts.Count + 1;
            var strengths = baseStrengths.Scaled(factor);
            var before = run.Snapshot();
            var canvas = plain.Clone();
            if (layers.Count > 0)
            {
                run.Stage(number, StageNames.SuperResolution, () => layers.ForEach(l => l.BlendInto(canvas, strengths.Restoration)));
            }

            if (skin is not null)
            {
                run.Stage(number, StageNames.Retouch, () => Retouch.Apply(canvas, skin, landmarks.InterOcularDistance, strengths.Retouch, o.Retouch, run.Flops));
            }

            if (o.Stages.Light)
            {
                run.Stage(number, StageNames.Light, () =>
                    LightAndColour.Apply(canvas, LightAndColour.Plan(canvas, alpha, landmarks, strengths.Light, o.Light, out _, run.Flops), run.Flops));
            }

            var output = run.Stage(number, StageNames.Background, () =>
            {
                Background.Composite(canvas, alpha, oldBackdrop, backdrop, run.Flops);
                return canvas.ToImage(run.Flops);
            });
            var decision = run.Stage(number, StageNames.Gate, () => _gate.DecideWithAnalysedSource(referenceSet, output, framed, request.Thresholds));
            attempts.Add(new EnhancementAttempt(number, factor, strengths, decision.Verdict, decision.Scores, decision.Reasons, run.Since(before)));

            // Keep the best verdict so far; on a tie the later, less-enhanced render wins.
            if (bestDecision is null || decision.Verdict <= bestDecision.Verdict)
            {
                best?.Dispose();
                (best, bestDecision) = (output, decision);
            }
            else
            {
                output.Dispose();
            }

            if (decision.Verdict == GateVerdict.Accept)
            {
                break;
            }
        }

        if (bestDecision!.Verdict == GateVerdict.Reject)
        {
            best!.Dispose();
            best = null;
        }

        return new EnhancementResult(best, bestDecision, request, attempts, run.Totals(), run.FlopTotals(), run.ElapsedMs, notes, modelIds);
    }

    private static bool IsInside(Point2 p, FramePlan plan) => p.X >= 0 && p.Y >= 0 && p.X < plan.Width && p.Y < plan.Height;

    /// <summary>
    /// Times stages, sums them per name, reports progress and honours cancellation between stages. The pixel kernels a
    /// stage runs add to <see cref="Flops"/>; what it grew by during the stage is that stage's count.
    /// </summary>
    private sealed class Run(IProgress<EnhancementProgress>? progress, CancellationToken cancellationToken)
    {
        private readonly Stopwatch _total = Stopwatch.StartNew();
        private readonly Dictionary<string, double> _totals = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _flopTotals = new(StringComparer.Ordinal);
        private readonly List<(string Stage, double Ms)> _log = [];

        public double ElapsedMs => _total.Elapsed.TotalMilliseconds;

        /// <summary>This job's tally, for the stage code to hand to the pixel kernels it calls.</summary>
        public FlopTally Flops { get; } = new();

        public T Stage<T>(int attempt, string name, Func<T> work)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var flopsBefore = Flops.Count;
            var watch = Stopwatch.StartNew();
            var result = work();
            var ms = watch.Elapsed.TotalMilliseconds;
            _totals[name] = _totals.GetValueOrDefault(name) + ms;
            if (Flops.Count > flopsBefore)
            {
                _flopTotals[name] = _flopTotals.GetValueOrDefault(name) + (Flops.Count - flopsBefore);
            }

            _log.Add((name, ms));
            progress?.Report(new EnhancementProgress(attempt, name, ms));
            return result;
        }

        public void Stage(int attempt, string name, Action work) => Stage(attempt, name, () =>
        {
            work();
            return true;
        });

        public int Snapshot() => _log.Count;

        public Dictionary<string, double> Since(int snapshot) =>
            _log.Skip(snapshot).GroupBy(e => e.Stage).ToDictionary(g => g.Key, g => g.Sum(e => e.Ms), StringComparer.Ordinal);

        public Dictionary<string, double> Totals() => new Dictionary<string, double>(_totals, StringComparer.Ordinal);

        public Dictionary<string, long> FlopTotals() => new Dictionary<string, long>(_flopTotals, StringComparer.Ordinal);
    }
}
