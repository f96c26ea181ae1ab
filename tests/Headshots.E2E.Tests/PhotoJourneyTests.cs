using Headshots.Vision.Onnx;
using Microsoft.Playwright;

namespace Headshots.E2E.Tests;

public sealed class PhotoJourneyTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Job_seeker_consents_uploads_photos_and_sees_a_verdict_for_each()
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
    }
}
