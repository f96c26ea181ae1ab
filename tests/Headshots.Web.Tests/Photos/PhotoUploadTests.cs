using System.Net;
using System.Text;
using Headshots.Vision.Faces;
using Headshots.Web.Data;
using Headshots.Web.Features.Photos;
using Headshots.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Headshots.Web.Tests.Photos;

[Collection("web")]
public sealed class PhotoUploadTests(WebAppFixture app) : IAsyncLifetime
{
    private const string Password = "correct horse battery";

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    [Trait("Needs", "Models")]
    public async Task Nothing_is_processed_or_stored_before_consent()
    {
        var client = await SignedInJobSeekerAsync(consent: false);

        var verdict = await UploadAsync(client, "me.jpg", TestPhotos.LennaJpeg());

        Assert.False(verdict.Accepted);
        Assert.Equal("Please agree to face checks first", verdict.Headline);
        Assert.Equal(0, await CountAsync<Photo>());
    }

    [Fact]
    public async Task Consent_is_recorded_with_its_text_version_and_time()
    {
        var client = await SignedInJobSeekerAsync(consent: false);
        var page = await client.GetStringAsync("/Photos");
        Assert.Contains("biometric data", page, StringComparison.Ordinal);

        await client.PostFormAsync("/Photos", [new("agree", "true")], "/Photos?handler=Consent");

        await using var scope = app.Factory.Services.CreateAsyncScope();
        var record = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Consents.SingleAsync();
        Assert.Equal(ConsentText.Version, record.TextVersion);
        Assert.True(DateTimeOffset.UtcNow - record.GivenAt < TimeSpan.FromMinutes(1));
    }

    [Fact]
    [Trait("Needs", "Models")]
    public async Task A_good_photo_is_kept_re_encoded_without_metadata_with_its_embedding()
    {
        var client = await SignedInJobSeekerAsync();
        var original = TestPhotos.LennaJpeg(capturedAt: DateTime.UtcNow.AddMonths(-1));

        var verdict = await UploadAsync(client, "lenna.jpg", original);

        Assert.True(verdict.Accepted, $"{verdict.Headline} {string.Join(" ", verdict.Guidance)}");
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var photo = await db.Photos.Include(p => p.Content).SingleAsync();
        Assert.Equal(FaceEmbedding.Length, photo.Embedding.Length);
        Assert.NotNull(photo.CapturedAt);
        Assert.NotEqual(original, photo.Content!.Jpeg);
        Assert.Equal([0xFF, 0xD8], photo.Content.Jpeg[..2]);
        Assert.DoesNotContain("Exif", Encoding.ASCII.GetString(photo.Content.Jpeg), StringComparison.Ordinal);

        var served = await client.GetAsync($"/Photos/Image?id={photo.Id}");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/jpeg", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(photo.Content.Jpeg, await served.Content.ReadAsByteArrayAsync());
    }

    public static TheoryData<string, string, byte[]> BadFiles() => new()
    {
        { "empty.jpg", "This file cannot be used", [] },
        { "random.jpg", "This file cannot be used", RandomBytes(5000) },
        { "page.jpg", "This file cannot be used", Encoding.UTF8.GetBytes("<!DOCTYPE html><html><script>alert(1)</script></html>") },
        { "vector.jpg", "This file cannot be used", Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>") },
        { "bomb.png", "This file cannot be used", TestPhotos.PngBomb() },
        { "animated.gif", "This file cannot be used", Encoding.ASCII.GetBytes("GIF89a").Concat(RandomBytes(100)).ToArray() },
        { "photo.heic", "This file cannot be used", [0, 0, 0, 24, .. "ftypheic"u8.ToArray(), 0, 0, 0, 0, .. "mif1heic"u8.ToArray()] },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task Bad_files_get_a_clear_message_and_nothing_is_stored(string name, string headline, byte[] content)
    {
        var client = await SignedInJobSeekerAsync();

        var verdict = await UploadAsync(client, name, content);

        Assert.False(verdict.Accepted);
        Assert.Equal(headline, verdict.Headline);
        Assert.NotEmpty(verdict.Guidance[0]);
        Assert.Equal(0, await CountAsync<Photo>());
        Assert.Equal(0, await CountAsync<PhotoContent>());
    }

    public static TheoryData<string, byte[]> DecodableVariants() => new()
    {
        { "grey.png", TestPhotos.LennaVariant(image => image.CloneAs<SixLabors.ImageSharp.PixelFormats.L8>(), "png") },
        { "alpha.png", TestPhotos.LennaVariant(image => image.CloneAs<SixLabors.ImageSharp.PixelFormats.Rgba32>(), "png") },
        { "deep.png", TestPhotos.LennaVariant(image => image.CloneAs<SixLabors.ImageSharp.PixelFormats.Rgb48>(), "png") },
        { "photo.webp", TestPhotos.LennaVariant(image => image.Clone(), "webp") },
        { "rotated.jpg", TestPhotos.LennaRotatedWithExifOrientation() },
        { "payload.jpg", [.. TestPhotos.LennaJpeg(), .. "PK\u0003\u0004<html><script>alert(1)</script></html>"u8.ToArray()] },
    };

    [Theory]
    [Trait("Needs", "Models")]
    [MemberData(nameof(DecodableVariants))]
    public async Task Decodable_variants_are_accepted_and_stored_as_a_clean_jpeg(string name, byte[] content)
    {
        var client = await SignedInJobSeekerAsync();

        var verdict = await UploadAsync(client, name, content);

        Assert.True(verdict.Accepted, $"{name}: {verdict.Headline} {string.Join(" ", verdict.Guidance)}");
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<AppDbContext>().PhotoContents.SingleAsync();
        var text = Encoding.ASCII.GetString(stored.Jpeg);
        Assert.DoesNotContain("<script>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exif", text, StringComparison.Ordinal);
        Assert.Equal([0xFF, 0xD9], stored.Jpeg[^2..]);
    }

    [Fact]
    public async Task A_truncated_jpeg_is_called_incomplete()
    {
        var client = await SignedInJobSeekerAsync();
        var jpeg = TestPhotos.Gradient();

        var verdict = await UploadAsync(client, "cut.jpg", jpeg[..(jpeg.Length / 2)]);

        Assert.False(verdict.Accepted);
        Assert.Contains("incomplete", verdict.Guidance[0], StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await CountAsync<Photo>());
    }

    [Fact]
    [Trait("Needs", "Models")]
    public async Task A_group_photo_is_refused_with_guidance()
    {
        var client = await SignedInJobSeekerAsync();

        var verdict = await UploadAsync(client, "group.jpg", TestPhotos.Asset("face-api-sample1.jpg"));

        Assert.False(verdict.Accepted);
        Assert.Contains("faces found", verdict.Headline, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await CountAsync<Photo>());
    }

    [Fact]
    [Trait("Needs", "Models")]
    public async Task A_photo_without_a_face_is_refused()
    {
        var client = await SignedInJobSeekerAsync();

        var verdict = await UploadAsync(client, "wall.jpg", TestPhotos.Gradient());

        Assert.False(verdict.Accepted);
        Assert.StartsWith("No face found", verdict.Headline, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Needs", "Models")]
    public async Task A_tiny_face_is_refused_with_move_closer()
    {
        var client = await SignedInJobSeekerAsync();

        var verdict = await UploadAsync(client, "far.jpg", TestPhotos.LennaJpeg(width: 120));

        Assert.False(verdict.Accepted);
        Assert.Contains("small", string.Join(" ", [verdict.Headline, .. verdict.Guidance]), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    [Trait("Needs", "Models")]
    public async Task A_photo_cut_just_below_the_chin_is_refused_with_what_to_use_instead()
    {
        var client = await SignedInJobSeekerAsync();
        using var lenna = Image.Load<Rgb24>(TestPhotos.AssetPath("lenna.png"));
        // Lenna's chin is at about y = 400 of 512 and her face box about 200 px high: 410 leaves 0.05 face heights.
        using var tight = lenna.Clone(c => c.Crop(new Rectangle(0, 0, 512, 410)));

        var verdict = await UploadAsync(client, "tight.jpg", TestPhotos.Jpeg(tight));

        Assert.False(verdict.Accepted);
        Assert.Equal("Cropped just below your chin — use a photo that also shows your neck and shoulders.", verdict.Headline);
        Assert.Equal(0, await CountAsync<Photo>());
    }

    [Fact]
    [Trait("Needs", "Models")]
    public async Task An_old_photo_is_kept_with_a_note_to_use_a_current_one()
    {
        var client = await SignedInJobSeekerAsync();

        var verdict = await UploadAsync(client, "old.jpg", TestPhotos.LennaJpeg(capturedAt: new DateTime(2019, 6, 1, 12, 0, 0, DateTimeKind.Unspecified)));

        Assert.True(verdict.Accepted);
        Assert.Contains(verdict.Guidance, g => g.Contains("Taken on 1 June 2019", StringComparison.Ordinal) && g.Contains("how you look now", StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Needs", "Models")]
    public async Task A_photo_of_someone_else_is_flagged_and_left_out_of_the_references_until_the_user_insists()
    {
        var client = await SignedInJobSeekerAsync();
        Assert.True((await UploadAsync(client, "me.jpg", TestPhotos.LennaJpeg())).Accepted);

        var verdict = await UploadAsync(client, "stranger.jpg", TestPhotos.PortraitFromGroup("face-api-sample3.jpg"));

        Assert.True(verdict.Accepted, verdict.Headline);
        Assert.Equal("Saved, but it does not match your other photos", verdict.Headline);
        Guid strangerId;
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var stranger = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Photos.SingleAsync(p => p.DisplayName == "stranger.jpg");
            Assert.False(stranger.IsReference);
            Assert.True(stranger.ConsistencyScore < new PhotoOptions().ConsistencyMinSimilarity);
            strangerId = stranger.Id;
        }

        await client.PostFormAsync("/Photos", [new("id", strangerId.ToString())], "/Photos?handler=Insist");

        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<AppDbContext>().Photos.SingleAsync(p => p.Id == strangerId)).IsReference);
        }
    }

    [Fact]
    [Trait("Needs", "Models")]
    public async Task An_older_embedding_that_cannot_be_recomputed_is_left_out_of_the_comparison_not_an_error()
    {
        var client = await SignedInJobSeekerAsync();
        Assert.True((await UploadAsync(client, "me.jpg", TestPhotos.LennaJpeg())).Accepted);
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            // An older 512-value embedding whose stored photo no longer shows a face to recompute it from.
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var photo = await db.Photos.Include(p => p.Content).SingleAsync();
            photo.Embedding = new float[512];
            photo.EmbeddingVersion = FaceEmbedding.PipelineVersion - 1;
            using var blank = new Image<Rgb24>(400, 400, new Rgb24(200, 200, 200));
            using var jpeg = new MemoryStream();
            await blank.SaveAsJpegAsync(jpeg);
            photo.Content!.Jpeg = jpeg.ToArray();
            await db.SaveChangesAsync();
        }

        var verdict = await UploadAsync(client, "me-again.jpg", TestPhotos.LennaJpeg());

        Assert.True(verdict.Accepted, verdict.Headline);
        await using var check = app.Factory.Services.CreateAsyncScope();
        var photos = await check.ServiceProvider.GetRequiredService<AppDbContext>().Photos.OrderBy(p => p.UploadedAt).ToListAsync();
        Assert.Equal(FaceEmbedding.PipelineVersion - 1, photos[0].EmbeddingVersion);
        Assert.Null(photos[1].ConsistencyScore); // nothing comparable to compare with
        Assert.True(photos[1].IsReference);
    }

    [Fact]
    [Trait("Needs", "Models")]
    public async Task An_embedding_from_an_older_face_pipeline_is_recomputed_from_the_stored_photo_before_it_is_compared()
    {
        var client = await SignedInJobSeekerAsync();
        Assert.True((await UploadAsync(client, "me.jpg", TestPhotos.LennaJpeg())).Accepted);
        float[] current;
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            // As an install upgraded from pipeline version 1 has it: an older version number and another vector.
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var photo = await db.Photos.SingleAsync();
            Assert.Equal(FaceEmbedding.PipelineVersion, photo.EmbeddingVersion);
            current = photo.Embedding;
            photo.Embedding = [.. current.Select((v, i) => i % 2 == 0 ? v : -v)];
            photo.EmbeddingVersion = FaceEmbedding.PipelineVersion - 1;
            await db.SaveChangesAsync();
        }

        // The next upload compares the new photo with this one, so it is recomputed first: the same photo again is
        // consistent with it, which the scrambled vector would not be.
        var verdict = await UploadAsync(client, "me-again.jpg", TestPhotos.LennaJpeg());

        Assert.Equal("Looks good", verdict.Headline);
        await using (var scope = app.Factory.Services.CreateAsyncScope())
        {
            var photos = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Photos.OrderBy(p => p.UploadedAt).ToListAsync();
            Assert.All(photos, p => Assert.Equal(FaceEmbedding.PipelineVersion, p.EmbeddingVersion));
            // Recomputed from the stored re-encoded JPEG rather than the upload, so close to, not equal to, the original.
            var recomputed = FaceEmbedding.FromValues(photos[0].Embedding).Similarity(FaceEmbedding.FromValues(current));
            Assert.True(recomputed > 0.97f, $"recomputed embedding scores {recomputed} against the one from the upload");
            Assert.True(photos[1].ConsistencyScore > 0.9f, $"consistency {photos[1].ConsistencyScore}");
        }
    }

    [Fact]
    [Trait("Needs", "Models")]
    public async Task File_names_are_cleaned_for_display()
    {
        var client = await SignedInJobSeekerAsync();

        var verdict = await UploadAsync(client, "../../etc/evil\u202Egpj.exe", TestPhotos.LennaJpeg());

        Assert.Equal("evilgpj.exe", verdict.FileName);
    }

    [Fact]
    public async Task Upload_without_an_antiforgery_token_is_rejected()
    {
        var client = await SignedInJobSeekerAsync();
        using var form = new MultipartFormDataContent { { new ByteArrayContent(TestPhotos.Gradient()), "files", "me.jpg" } };

        var response = await client.PostAsync("/Photos/Upload", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await CountAsync<Photo>());
    }

    [Fact]
    [Trait("Needs", "Models")]
    public async Task The_page_form_without_javascript_shows_every_verdict()
    {
        var client = await SignedInJobSeekerAsync();
        var token = await client.AntiforgeryTokenAsync("/Photos");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(TestPhotos.LennaJpeg()), "files", "good.jpg" },
            { new ByteArrayContent(TestPhotos.Gradient()), "files", "wall.jpg" },
        };

        var posted = await client.PostAsync("/Photos/Upload", form);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var html = await client.GetStringAsync(posted.Headers.Location!.ToString());

        Assert.Contains("<strong>good.jpg:</strong> Looks good", html, StringComparison.Ordinal);
        Assert.Contains("<strong>wall.jpg:</strong> No face found", html, StringComparison.Ordinal);
        Assert.Equal(1, await CountAsync<Photo>());
    }

    private async Task<HttpClient> SignedInJobSeekerAsync(bool consent = true) =>
        (await app.JobSeekerAsync("seeker@example.com", Password, consent, withPhoto: false)).Client;

    private static Task<PhotoVerdict> UploadAsync(HttpClient client, string fileName, byte[] content) => client.UploadPhotoAsync(fileName, content);

    private Task<int> CountAsync<T>()
        where T : class => app.CountAsync<T>();

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(42).NextBytes(bytes);
        return bytes;
    }
}
