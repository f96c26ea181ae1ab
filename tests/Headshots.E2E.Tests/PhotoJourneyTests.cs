using Headshots.Vision.Onnx;
using Microsoft.Playwright;

namespace Headshots.E2E.Tests;

[Trait("Needs", "Browser")]
[Trait("Needs", "Models")]
public sealed class PhotoJourneyTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Job_seeker_consents_uploads_generates_downloads_and_deletes_the_account()
    {
        var assets = ModelLocations.Resolve(startDirectory: AppContext.BaseDirectory);
        var lenna = assets.TestAssetPath("lenna.png");
        var group = assets.TestAssetPath("face-api-sample1.jpg");
        Assert.True(File.Exists(lenna) && File.Exists(group), "Test photos missing: run scripts/headshots models fetch --test-assets");
        await using var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString() });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/Account/Register");
        await page.FillAsync("#Input_DisplayName", "Lena");
        await page.FillAsync("#Input_Email", "lena@example.com");
        await page.FillAsync("#Input_Password", "a long enough passphrase");
        await page.FillAsync("#Input_ConfirmPassword", "a long enough passphrase");
        await page.ClickAsync("button[type=submit]");
        await page.ClickAsync("text=My photos");

        await Assertions.Expect(page.GetByTestId("consent")).ToContainTextAsync("biometric data");
        await page.GetByTestId("consent-checkbox").CheckAsync();
        await page.GetByTestId("consent-submit").ClickAsync();

        await page.GetByTestId("file-input").SetInputFilesAsync([lenna, group]);
        await Assertions.Expect(page.GetByTestId("preview")).ToHaveCountAsync(2);
        await page.GetByTestId("upload-submit").ClickAsync();

        var previews = page.GetByTestId("preview");
        await Assertions.Expect(previews.Nth(0)).ToContainTextAsync("Looks good", new() { Timeout = 30_000 });
        await Assertions.Expect(previews.Nth(1)).ToContainTextAsync("faces found", new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "photos-after-upload.png"), FullPage = true });

        await page.GetByTestId("show-kept").ClickAsync();
        await Assertions.Expect(page.GetByTestId("photo")).ToHaveCountAsync(1);

        await page.ClickAsync("text=My headshots");
        await page.GetByTestId("generate").ClickAsync();
        await Assertions.Expect(page.GetByTestId("progress")).ToContainTextAsync(new System.Text.RegularExpressions.Regex("Waiting|Working"));
        await Assertions.Expect(page.GetByTestId("headshot")).ToHaveCountAsync(1, new() { Timeout = 180_000 });
        await Assertions.Expect(page.GetByTestId("score")).ToContainTextAsync("Looks like you: 0.");
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "headshots-gallery.png"), FullPage = true });

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-jpeg").ClickAsync());
        Assert.EndsWith(".jpg", download.SuggestedFilename, StringComparison.Ordinal);
        var saved = Path.Combine(AppContext.BaseDirectory, "downloaded-headshot.jpg");
        await download.SaveAsAsync(saved);
        Assert.True(new FileInfo(saved).Length > 10_000);

        await page.GotoAsync("/Account/Manage/Delete");
        await page.GetByTestId("delete-password").FillAsync("a long enough passphrase");
        await page.GetByTestId("delete-account").ClickAsync();
        await Assertions.Expect(page.GetByTestId("receipt")).ToContainTextAsync("1 headshot and their authenticity scores");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Log in", Exact = true })).ToBeVisibleAsync();
    }
}
