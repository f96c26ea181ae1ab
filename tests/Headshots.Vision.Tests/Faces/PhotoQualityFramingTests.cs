using Headshots.Vision.Faces;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using Xunit.Abstractions;

namespace Headshots.Vision.Tests.Faces;

/// <summary>The room-below-the-chin check: a photo cut just under the chin cannot become a head-and-shoulders frame.</summary>
[Collection(FaceModelsGroup.Name)]
public sealed class PhotoQualityFramingTests(FaceModelsFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void A_photo_cut_just_below_the_chin_is_refused_and_one_showing_the_neck_is_not()
    {
        using var lenna = FaceModelsFixture.LoadAsset("lenna.png");
        var face = fixture.Analyzer.Analyze(lenna).Best!;
        var chin = (int)face.Landmarks.Points.Take(17).Max(p => p.Y);
        var faceHeight = face.Detection.Box.Height;

        var whole = Check(lenna);
        using var cutAtChin = lenna.Clone(c => c.Crop(new Rectangle(0, 0, lenna.Width, chin + (int)(0.05f * faceHeight))));
        var tight = Check(cutAtChin);
        using var cutAtNeck = lenna.Clone(c => c.Crop(new Rectangle(0, 0, lenna.Width, chin + (int)(0.4f * faceHeight))));
        var withNeck = Check(cutAtNeck);
        output.WriteLine($"room below the chin: whole {whole.Measurements.RoomBelowChin:F2}, cut at the chin {tight.Measurements.RoomBelowChin:F2}, cut at the neck {withNeck.Measurements.RoomBelowChin:F2}");

        Assert.True(whole.Passed, string.Join("; ", whole.Issues.Select(i => i.Message)));
        var issue = Assert.Single(tight.Issues);
        Assert.Equal(QualityCheck.FramingRoom, issue.Check);
        Assert.Equal("Cropped just below your chin — use a photo that also shows your neck and shoulders.", issue.Message);
        Assert.True(tight.PassedFaceChecks);
        Assert.True(withNeck.Passed, string.Join("; ", withNeck.Issues.Select(i => i.Message)));
        Assert.InRange(withNeck.Measurements.RoomBelowChin!.Value, 0.3f, 0.5f);
    }

    [Fact]
    public void The_limit_is_configurable()
    {
        using var lenna = FaceModelsFixture.LoadAsset("lenna.png");
        var analysis = fixture.Analyzer.Analyze(lenna);

        var strict = new PhotoQualityChecker(new PhotoQualityOptions { MinRoomBelowChin = 10 }).Check(lenna, analysis);

        Assert.Equal(QualityCheck.FramingRoom, Assert.Single(strict.Issues).Check);
        Assert.False(strict.Passed);
    }

    private QualityReport Check(Image<Rgb24> image) =>
        new PhotoQualityChecker().Check(image, fixture.Analyzer.Analyze(image));
}
