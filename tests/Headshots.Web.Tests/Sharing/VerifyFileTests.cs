using System.Net;
using System.Net.Http.Headers;
using Headshots.Web.Data;
using Headshots.Web.Features.Accounts;
using Headshots.Web.Tests.Infrastructure;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace Headshots.Web.Tests.Sharing;

[Collection("web")]
public sealed class VerifyFileTests(WebAppFixture app) : IAsyncLifetime
{
    private const string Password = "correct horse battery";

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("jpeg")]
    [InlineData("png")]
    public async Task A_file_downloaded_from_this_server_is_recognised_as_issued_and_unmodified(string format)
    {
        var (owner, headshot) = await OwnerWithHeadshotAsync();
        var downloaded = await DownloadAsync(owner, headshot, format);
        var recruiter = await SignedInAsync("recruiter@example.com", Roles.Recruiter);

        var html = await VerifyAsync(recruiter, downloaded, format == "png" ? "headshot.png" : "headshot.jpg");

        Assert.Contains("data-outcome=\"IssuedUnmodified\"", html, StringComparison.Ordinal);
        Assert.Contains("Issued by this server, unmodified.", html, StringComparison.Ordinal);
        Assert.Contains("identity checked against 3 of the person's own photos", html, StringComparison.Ordinal);
        Assert.Contains("score 0.71 (pass ≥ 0.55)", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_re_encoded_or_retouched_copy_is_recognised_as_modified_after_download()
    {
        var (owner, headshot) = await OwnerWithHeadshotAsync();
        var recruiter = await SignedInAsync("recruiter@example.com", Roles.Recruiter);
        var jpeg = await DownloadAsync(owner, headshot, "jpeg");
        var png = await DownloadAsync(owner, headshot, "png");

        // Re-saved at another quality: every pixel may shift a little, the metadata (our XMP) is kept.
        using var reencodedImage = Image.Load<Rgb24>(jpeg);
        using var reencoded = new MemoryStream();
        reencodedImage.SaveAsJpeg(reencoded, new JpegEncoder { Quality = 80 });
        // One pixel changed in the lossless PNG.
        using var retouchedImage = Image.Load<Rgb24>(png);
        retouchedImage[10, 10] = new Rgb24((byte)(retouchedImage[10, 10].R ^ 0xFF), 0, 0);
        using var retouched = new MemoryStream();
        retouchedImage.SaveAsPng(retouched);

        foreach (var (bytes, name) in new[] { (reencoded.ToArray(), "copy.jpg"), (retouched.ToArray(), "copy.png") })
        {
            Assert.NotEqual(jpeg, bytes);
            var html = await VerifyAsync(recruiter, bytes, name);
            Assert.Contains("data-outcome=\"IssuedModified\"", html, StringComparison.Ordinal);
            Assert.Contains("Issued here but modified after download.", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Files_we_did_not_issue_and_headshots_their_owner_deleted_read_as_not_issued()
    {
        var (owner, headshot) = await OwnerWithHeadshotAsync();
        var downloaded = await DownloadAsync(owner, headshot, "jpeg");
        var admin = await SignedInAsync("admin@example.com", Roles.Admin);

        var foreign = await VerifyAsync(admin, TestPhotos.Gradient(), "elsewhere.jpg");
        Assert.Contains("data-outcome=\"NotIssued\"", foreign, StringComparison.Ordinal);

        var delete = await owner.PostFormAsync("/Headshots", [new("id", headshot.GenerationId.ToString())], "/Headshots?handler=Delete");
        Assert.Equal(HttpStatusCode.Redirect, delete.StatusCode);

        var afterDeletion = await VerifyAsync(admin, downloaded, "headshot.jpg");
        Assert.Contains("data-outcome=\"NotIssued\"", afterDeletion, StringComparison.Ordinal);
        Assert.DoesNotContain("identity checked", afterDeletion, StringComparison.Ordinal);
        Assert.DoesNotContain(headshot.Id.ToString(), afterDeletion, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_gets_a_clear_error_and_job_seekers_cannot_use_the_page()
    {
        var recruiter = await SignedInAsync("recruiter@example.com", Roles.Recruiter);

        var notAnImage = await VerifyAsync(recruiter, "just some text"u8.ToArray(), "notes.jpg");
        Assert.Contains("not a JPEG or PNG image we can read", notAnImage, StringComparison.Ordinal);
        Assert.DoesNotContain("data-outcome", notAnImage, StringComparison.Ordinal);

        var seeker = await SignedInAsync("seeker@example.com", Roles.JobSeeker);
        Refusals.AssertForbidden(await seeker.GetAsync("/Recruiter/Verify"));
    }

    private async Task<(HttpClient Owner, Headshot Headshot)> OwnerWithHeadshotAsync()
    {
        var user = await app.CreateUserAsync("owner@example.com", Password, Roles.JobSeeker);
        var owner = app.Client();
        await owner.LoginAsync("owner@example.com", Password);
        return (owner, await HeadshotSeeder.SeedHeadshotAsync(app.Factory.Services, user.Id));
    }

    /// <summary>Through the real download endpoint, as the owner's browser gets it.</summary>
    private static async Task<byte[]> DownloadAsync(HttpClient owner, Headshot headshot, string format)
    {
        var response = await owner.GetAsync($"/Headshots/Download?id={headshot.Id}&format={format}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private async Task<HttpClient> SignedInAsync(string email, string role)
    {
        await app.CreateUserAsync(email, Password, role);
        var client = app.Client();
        await client.LoginAsync(email, Password);
        return client;
    }

    private static async Task<string> VerifyAsync(HttpClient client, byte[] file, string name)
    {
        var token = await client.AntiforgeryTokenAsync("/Recruiter/Verify");
        using var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue(name.EndsWith(".png", StringComparison.Ordinal) ? "image/png" : "image/jpeg");
        using var form = new MultipartFormDataContent { { content, "file", name }, { new StringContent(token), "__RequestVerificationToken" } };
        var response = await client.PostAsync("/Recruiter/Verify", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }
}
