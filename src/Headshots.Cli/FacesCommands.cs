using Headshots.Vision.Faces;
using Headshots.Vision.Geometry;
using Headshots.Vision.Imaging;

namespace Headshots.Cli;

/// <summary>
/// <c>headshots faces analyze IMAGE...</c>: every face with box, landmarks, pose, eyes and the source-photo verdict. A file
/// the upload loader refuses is reported in its place in the JSON (and the exit code is 1); the others are still analysed.
/// </summary>
internal static class FacesCommands
{
    public static Task<int> Analyze(string[] arguments)
    {
        var args = new CliArgs(arguments, flags: new HashSet<string>(StringComparer.Ordinal) { "small-faces" });
        if (args.Positionals.Count == 0)
        {
            throw new CliUsageException("Usage: headshots faces analyze IMAGE... [--small-faces] [--models DIR] [--threads N]");
        }

        using var models = VisionCli.LoadModels(args);
        var analyzer = new FaceAnalyzer(models, new FaceAnalyzerOptions { Detection = new FaceDetectorOptions { SearchSmallFaces = args.Flag("small-faces") } });
        var checker = new PhotoQualityChecker();
        var results = new List<object>();
        var failed = false;
        foreach (var path in args.Positionals)
        {
            LoadedImage loaded;
            try
            {
                loaded = VisionCli.LoadImage(path);
            }
            catch (ImageFileException e)
            {
                results.Add(e.Error);
                failed = true;
                continue;
            }

            using var owner = loaded;
            var image = loaded.Image;
            var analysis = analyzer.Analyze(image);
            var quality = checker.Check(image, analysis);
            results.Add(new
            {
                image = path,
                width = image.Width,
                height = image.Height,
                faces = analysis.Faces.Select(f => new
                {
                    detector = f.Detection.Detector,
                    score = f.Detection.Score,
                    box = new[] { f.Detection.Box.X1, f.Detection.Box.Y1, f.Detection.Box.X2, f.Detection.Box.Y2 },
                    fivePoints = f.Landmarks.FivePoints().Select(Pair),
                    alignmentPoints = f.Landmarks.AlignmentPoints.Select(Pair),
                    landmarks = f.Landmarks.Points.Select(Pair),
                    interOcularDistance = f.Landmarks.InterOcularDistance,
                    pose = f.Pose,
                    eyes = f.Eyes,
                    landmarkDrift = f.Landmarks.Drift,
                }),
                notFaces = analysis.NotFaces.Select(n => new
                {
                    detector = n.Detection.Detector,
                    score = n.Detection.Score,
                    box = new[] { n.Detection.Box.X1, n.Detection.Box.Y1, n.Detection.Box.X2, n.Detection.Box.Y2 },
                    reason = n.Reason,
                }),
                quality = new
                {
                    passed = quality.Passed,
                    reasons = quality.Issues.Select(i => new { check = i.Check, message = i.Message }),
                    measurements = quality.Measurements,
                },
            });
        }

        VisionCli.Print(results);
        return Task.FromResult(failed ? 1 : 0);
    }

    private static float[] Pair(Point2 p) => [MathF.Round(p.X, 1), MathF.Round(p.Y, 1)];
}
