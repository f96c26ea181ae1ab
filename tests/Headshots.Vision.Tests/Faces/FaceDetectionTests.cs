using Headshots.Vision.Faces;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Headshots.Vision.Tests.Faces;

[Collection(FaceModelsGroup.Name)]
public sealed class FaceDetectionTests(FaceModelsFixture fixture)
{
    [Theory]
    [InlineData("face-api-sample1.jpg", 3)]
    [InlineData("face-api-sample2.jpg", 3)]
    [InlineData("face-api-sample3.jpg", 3)]
    [InlineData("face-api-sample4.jpg", 4)]
    [InlineData("face-api-sample5.jpg", 5)]
    [InlineData("face-api-sample6.jpg", 4)]
    public void Group_photos_give_the_number_of_people_in_them(string photo, int faces)
    {
        // Counts checked by eye; sample5 shows five women (the shared manifest's "6" is off by one).
        using var image = FaceModelsFixture.LoadAsset(photo);

        Assert.Equal(faces, fixture.Analyzer.Detector.DetectFaces(image).Count);
    }

    [Fact]
    public void Lenna_has_exactly_one_face_with_landmarks_inside_its_box()
    {
        using var image = FaceModelsFixture.LoadAsset("lenna.png");

        var analysis = fixture.Analyzer.Analyze(image);

        var face = Assert.Single(analysis.Faces);
        Assert.Equal(UltraFaceDetector.DetectorName, face.Detection.Detector);
        var box = face.Detection.Box;
        Assert.True(box.Contains(face.Landmarks.LeftEye) && box.Contains(face.Landmarks.RightEye) && box.Contains(face.Landmarks.Points[30]));
        Assert.True(face.Landmarks.LeftEye.X < face.Landmarks.RightEye.X);
        Assert.InRange(face.Landmarks.InterOcularDistance, 40, 90);
    }

    [Fact]
    public void Noise_and_gradients_have_no_face()
    {
        var random = new Random(7);
        using var noise = new Image<Rgb24>(640, 480);
        using var gradient = new Image<Rgb24>(640, 480);
        for (var y = 0; y < 480; y++)
        {
            for (var x = 0; x < 640; x++)
            {
                noise[x, y] = new Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
                gradient[x, y] = new Rgb24((byte)(x * 255 / 639), (byte)(y * 255 / 479), 128);
            }
        }

        Assert.Empty(fixture.Analyzer.Detector.DetectFaces(noise));
        Assert.Empty(fixture.Analyzer.Detector.DetectFaces(gradient));
        using var blank = new Image<Rgb24>(150, 150, new Rgb24(255, 255, 255));
        Assert.Empty(fixture.Analyzer.Detector.DetectFaces(blank));
    }

    [Fact]
    public void A_tight_face_crop_is_found_by_the_padded_retry()
    {
        using var image = FaceModelsFixture.LoadAsset("lenna.png");
        var box = fixture.Analyzer.Detector.DetectFaces(image)[0].Box;
        using var crop = image.Clone(c => c
            .Crop(new Rectangle((int)box.X1 + 10, (int)box.Y1 + 20, (int)box.Width - 20, (int)box.Width - 20))
            .Resize(150, 150));
        var plain = new UltraFaceDetector(fixture.Models.Detector, new UltraFaceOptions { RetryPadding = 0 });

        Assert.Empty(plain.DetectFaces(crop));
        Assert.Single(fixture.Analyzer.Detector.DetectFaces(crop));
    }

    [Fact]
    public void The_face_with_the_best_score_is_chosen_not_the_largest_box()
    {
        using var image = FaceModelsFixture.LoadAsset("face-api-sample1.jpg");

        var faces = fixture.Analyzer.Analyze(image, FaceAnalysisDetail.Identity).Faces;

        Assert.Equal(faces.Max(f => f.Detection.Score), faces[0].Detection.Score);
    }

    [Fact]
    public void A_portrait_search_finds_the_same_face_with_ultraface_alone_and_falls_back_to_blazeface()
    {
        using var lenna = FaceModelsFixture.LoadAsset("lenna.png");
        using var group = FaceModelsFixture.LoadAsset("face-api-sample3.jpg");
        using var portrait = group.Clone(c => c.Crop(new Rectangle(390, 130, 600, 680)));
        foreach (var image in new[] { lenna, portrait })
        {
            var everywhere = fixture.Analyzer.Detector.DetectFaces(image);
            var inPortrait = fixture.Analyzer.Detector.DetectFacesInPortrait(image);

            Assert.Equal(everywhere[0], inPortrait[0]);
            Assert.All(inPortrait, f => Assert.Equal(UltraFaceDetector.DetectorName, f.Detector));
        }

        // An UltraFace that finds nothing: BlazeFace's face is used, in UltraFace's box proportions as in the full search.
        var blind = new FaceDetector(
            new UltraFaceDetector(fixture.Models.Detector, new UltraFaceOptions { ScoreThreshold = 1.01f }),
            new BlazeFaceDetector(fixture.Models.SmallFaceDetector));
        var fallback = Assert.Single(blind.DetectFacesInPortrait(lenna));
        Assert.Equal(Assert.Single(blind.DetectFaces(lenna)), fallback);
        Assert.NotEqual(UltraFaceDetector.DetectorName, fallback.Detector);
    }

    [Fact]
    public void Small_faces_in_a_tile_sheet_are_found_with_the_small_face_search()
    {
        // 108 face tiles of ~80 px in a 1920×954 screenshot: small for a detector that sees the image at 320×240.
        using var sheet = FaceModelsFixture.LoadAsset("human-facematch.jpg");
        var detector = new FaceDetector(
            new UltraFaceDetector(fixture.Models.Detector),
            new BlazeFaceDetector(fixture.Models.SmallFaceDetector),
            new FaceDetectorOptions { SearchSmallFaces = true });

        var plain = fixture.Analyzer.Detector.DetectFaces(sheet).Count;
        var withSearch = detector.DetectFaces(sheet).Count;

        Assert.InRange(plain, 85, 115);
        Assert.InRange(withSearch, plain, 115);
    }

    [Fact]
    public void Head_pose_is_near_frontal_and_eyes_open_for_lenna()
    {
        using var image = FaceModelsFixture.LoadAsset("lenna.png");

        var face = fixture.Analyzer.Analyze(image).Best!;

        Assert.InRange(face.Pose!.Yaw, -30, 30);
        Assert.InRange(face.Pose.Pitch, -30, 30);
        Assert.True(face.Eyes!.LeftOpen > 0.5f && face.Eyes.RightOpen > 0.5f, $"eyes {face.Eyes}");
    }

    [Fact]
    public void Lennas_face_passes_the_human_face_check_with_settled_landmarks()
    {
        using var image = FaceModelsFixture.LoadAsset("lenna.png");

        var analysis = fixture.Analyzer.Analyze(image, FaceAnalysisDetail.Identity);

        Assert.Empty(analysis.NotFaces);
        var face = Assert.Single(analysis.Faces);
        Assert.InRange(face.Landmarks.Drift, 0, new HumanFaceOptions().MaxLandmarkDrift / 2);
    }

    [Fact]
    public void A_detection_failing_the_human_face_check_is_reported_and_gives_no_face()
    {
        // Lenna's face with limits no detection can meet stands in for an animal the detector fires on: the
        // detection is kept out of the faces, listed with its reason, and the photo check says no face was found.
        using var image = FaceModelsFixture.LoadAsset("lenna.png");
        var byScore = new FaceAnalyzer(fixture.Models, new FaceAnalyzerOptions { HumanFace = new HumanFaceOptions { MinDetectorScore = 1.01f } });
        var byLandmarks = new FaceAnalyzer(fixture.Models, new FaceAnalyzerOptions { HumanFace = new HumanFaceOptions { MaxLandmarkDrift = 0 } });

        var scored = byScore.Analyze(image);
        var drifted = byLandmarks.Analyze(image);

        Assert.Empty(scored.Faces);
        Assert.Contains("detector score", Assert.Single(scored.NotFaces).Reason, StringComparison.Ordinal);
        Assert.Empty(drifted.Faces);
        Assert.Contains("landmarks do not settle", Assert.Single(drifted.NotFaces).Reason, StringComparison.Ordinal);
        Assert.Null(byScore.EmbedBestFace(image));
        var quality = new PhotoQualityChecker().Check(image, scored);
        Assert.False(quality.Passed);
        Assert.StartsWith("No face found", Assert.Single(quality.Issues).Message, StringComparison.Ordinal);
    }
}
