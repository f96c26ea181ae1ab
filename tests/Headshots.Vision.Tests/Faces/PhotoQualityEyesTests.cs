using Headshots.Vision.Faces;
using Headshots.Vision.Tests.Cli;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Vision.Tests.Faces;

/// <summary>The eyes-closed check on real photos: shut eyes are refused, glasses and smiles are not.</summary>
public sealed class PhotoQualityEyesTests(FaceModelsFixture fixture) : IClassFixture<FaceModelsFixture>
{
    [SharedFacesFact]
    public void Photos_with_both_eyes_shut_are_refused_as_eyes_closed()
    {
        Assert.True(FlagsEyes("human/ids/stock-emotions-b/stock-emotions-b-1.jpg"));
        Assert.True(FlagsEyes("human/ids/stock-emotions-b/stock-emotions-b-4.jpg"));
        Assert.True(FlagsEyes("faceapi_js/singletons/disgusted.jpg"));
    }

    [SharedFacesFact]
    public void Open_eyes_behind_glasses_or_in_a_smile_are_not_refused()
    {
        Assert.False(FlagsEyes("openface/ids/lennon/lennon-1.jpg"));
        Assert.False(FlagsEyes("faceapi_js/ids/leonard/leonard4.png"));
        Assert.False(FlagsEyes("faceapi_js/ids/howard/howard5.png"));
    }

    private bool FlagsEyes(string relativePath)
    {
        using var image = Image.Load<Rgb24>(Path.Combine(TestPaths.SharedFaces, relativePath));
        var analysis = fixture.Analyzer.Analyze(image);
        var verdict = new PhotoQualityChecker().Check(image, analysis);
        return verdict.Issues.Any(i => i.Check == QualityCheck.EyesOpen);
    }
}
