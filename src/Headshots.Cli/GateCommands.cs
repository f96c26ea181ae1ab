using System.Globalization;
using Headshots.Vision.Authenticity;
using Headshots.Vision.Faces;

namespace Headshots.Cli;

/// <summary><c>headshots gate compare|eval|refset</c>: the authenticity gate from the command line, same code as the jobs.</summary>
internal static class GateCommands
{
    private static readonly HashSet<string> References = new(StringComparer.Ordinal) { "reference" };

    public static Task<int> Compare(string[] arguments)
    {
        var args = new CliArgs(arguments, multiValued: References);
        var referencePaths = args.All("reference");
        if (referencePaths.Count == 0)
        {
            throw new CliUsageException("Usage: headshots gate compare --reference A [B ...] --candidate X [--source S] [--models DIR] [--threads N]");
        }

        using var models = VisionCli.LoadModels(args);
        var analyzer = new FaceAnalyzer(models);
        var gate = new AuthenticityGate(analyzer, VisionCli.Fingerprints(models));
        try
        {
            var references = new List<FaceEmbedding>();
            foreach (var path in referencePaths)
            {
                using var reference = VisionCli.LoadImage(path);
                if (analyzer.EmbedBestFace(reference.Image) is not { } embedding)
                {
                    VisionCli.Print(new { error = new ImageFileError(path, "noFace", $"No face found in reference photo {path}.") });
                    return Task.FromResult(1);
                }

                references.Add(embedding);
            }

            using var candidate = VisionCli.LoadImage(args.Required("candidate"));
            using var source = args.Optional("source") is { } sourcePath ? VisionCli.LoadImage(sourcePath) : null;
            VisionCli.Print(gate.Decide(references, candidate.Image, source?.Image, GateThresholds.Default));
            return Task.FromResult(0);
        }
        catch (ImageFileException e)
        {
            // One JSON object either way, so scripts can parse the output without checking the exit code first.
            VisionCli.Print(new { error = e.Error });
            return Task.FromResult(1);
        }
    }

    public static async Task<int> Eval(string[] arguments)
    {
        var args = new CliArgs(arguments);
        var directory = args.Required("images");
        var pairsFile = args.Optional("pairs");
        var refsetFile = args.Optional("refset");
        if ((pairsFile is null) == (refsetFile is null))
        {
            throw new CliUsageException("Usage: headshots gate eval --images DIR (--pairs FILE | --refset FILE) [--scores OUT.csv] [--models DIR] [--threads N]");
        }

        using var models = VisionCli.LoadModels(args);
        var analyzer = new FaceAnalyzer(models);

        // A file the upload loader refuses counts as "no face found" (a non-match) and is listed in the JSON. For pairs,
        // each photo is also put through the upload's checks of the face (default limits: pose and eyes need the full
        // analysis), for the face-checked summary; the refset needs the embedding only.
        var imageErrors = new List<ImageFileError>();
        var checker = new PhotoQualityChecker();
        var passesFaceChecks = new Dictionary<string, bool>(StringComparer.Ordinal);
        FaceEmbedding? Embed(string file)
        {
            try
            {
                using var loaded = VisionCli.LoadImage(Path.Combine(directory, file));
                if (refsetFile is not null)
                {
                    return analyzer.EmbedBestFace(loaded.Image);
                }

                var analysis = analyzer.Analyze(loaded.Image);
                passesFaceChecks[file] = checker.Check(loaded.Image, analysis).PassedFaceChecks;
                return analysis.Best?.Embedding;
            }
            catch (ImageFileException e)
            {
                imageErrors.Add(e.Error with { Image = file });
                return null;
            }
        }

        if (refsetFile is not null)
        {
            using var reader = File.OpenText(refsetFile);
            var trials = CalibrationSets.ReadRefset(reader);
            var r = GateEvaluation.EvaluateRefset(trials, Embed, GateThresholds.Default);
            if (args.Optional("scores") is { } refsetScores)
            {
                await using var writer = File.CreateText(refsetScores);
                await writer.WriteLineAsync("user,candidate,same,score");
                for (var i = 0; i < trials.Count; i++)
                {
                    await writer.WriteLineAsync($"{trials[i].User},{trials[i].Candidate},{(trials[i].Same ? 1 : 0)},{r.Scores[i].ToString("0.######", CultureInfo.InvariantCulture)}");
                }
            }

            VisionCli.Print(new
            {
                trials = r.Trials,
                genuine = r.Genuine,
                impostor = r.Impostor,
                thresholdsVersion = r.Thresholds.Version,
                acceptAt = r.Thresholds.AcceptAt,
                reviewFrom = r.Thresholds.ReviewFrom,
                fnmr = r.Fnmr,
                fmr = r.Fmr,
                reviewRate = r.ReviewRate,
                genuineNotAcceptedRate = r.GenuineNotAcceptedRate,
                auc = r.Summary.Auc,
                eer = r.Summary.Eer,
                eerThreshold = r.Summary.EerThreshold,
                fnmrAtFmr1 = r.Summary.FnmrAtFmr1,
                fnmrAtFmr01 = r.Summary.FnmrAtFmr01,
                thresholds = r.Summary.Thresholds,
                imageErrors,
            });
            return 0;
        }

        using (var reader = File.OpenText(pairsFile!))
        {
            var e = GateEvaluation.EvaluatePairs(CalibrationSets.ReadPairs(reader), Embed);
            if (args.Optional("scores") is { } scoresFile)
            {
                await using var writer = File.CreateText(scoresFile);
                await writer.WriteLineAsync("file_a,file_b,same,score");
                foreach (var s in e.Scores)
                {
                    await writer.WriteLineAsync($"{s.FileA},{s.FileB},{(s.Same ? 1 : 0)},{s.Score.ToString("0.######", CultureInfo.InvariantCulture)}");
                }
            }

            VisionCli.Print(new
            {
                images = e.Images,
                facesFound = e.FacesFound,
                pairs = e.Pairs,
                genuine = e.Summary.Genuine,
                impostor = e.Summary.Impostor,
                auc = e.Summary.Auc,
                eer = e.Summary.Eer,
                eerThreshold = e.Summary.EerThreshold,
                fnmrAtFmr1 = e.Summary.FnmrAtFmr1,
                fnmrAtFmr01 = e.Summary.FnmrAtFmr01,
                thresholds = e.Summary.Thresholds,
                faceChecked = FaceChecked(e, passesFaceChecks),
                imageErrors,
            });
        }

        return 0;
    }

    /// <summary>The pairs whose two photos both pass the upload's checks of the face: the faces the product's gate compares.</summary>
    private static object FaceChecked(PairEvaluation e, Dictionary<string, bool> passes)
    {
        bool Passes(string file) => passes.GetValueOrDefault(file);
        var summary = e.SummaryWhere(Passes);
        return new
        {
            photosPassing = passes.Values.Count(p => p),
            genuine = e.Scores.Count(s => s.Same && Passes(s.FileA) && Passes(s.FileB)),
            impostor = e.Scores.Count(s => !s.Same && Passes(s.FileA) && Passes(s.FileB)),
            auc = summary?.Auc,
            eer = summary?.Eer,
            fnmrAtFmr1 = summary?.FnmrAtFmr1,
            fnmrAtFmr01 = summary?.FnmrAtFmr01,
        };
    }

    /// <summary>Writes leave-one-out refset trials built from a labelled manifest (file names only) to --out or stdout.</summary>
    public static async Task<int> Refset(string[] arguments)
    {
        var args = new CliArgs(arguments);
        IReadOnlyList<LabelledPhoto> manifest;
        using (var reader = File.OpenText(args.Required("manifest")))
        {
            manifest = CalibrationSets.ReadManifest(reader);
        }

        var trials = CalibrationSets.BuildLeaveOneOut(
            manifest,
            VisionCli.ParseInt(args.Optional("min-photos") ?? "4", "min-photos"),
            VisionCli.ParseInt(args.Optional("references") ?? "3", "references"));
        if (args.Optional("out") is { } outFile)
        {
            await using var writer = File.CreateText(outFile);
            CalibrationSets.WriteRefset(writer, trials);
        }
        else
        {
            CalibrationSets.WriteRefset(Console.Out, trials);
        }

        return 0;
    }
}
