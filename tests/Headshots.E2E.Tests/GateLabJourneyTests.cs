using Headshots.Web.Features.Accounts;
using Headshots.Web.Tests.Gate;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Headshots.E2E.Tests;

[Trait("Needs", "Browser")]
public sealed class GateLabJourneyTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private const string Password = "a long enough passphrase";

    [Fact]
    public async Task Admin_previews_a_stricter_threshold_saves_it_with_a_reason_and_sees_it_in_the_history()
    {
        string seekerId;
        await using (var scope = app.Factory!.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<AccountAdministration>();
            var (admin, adminResult) = await accounts.RegisterAsync("root@example.com", "Root", Password, Roles.Admin);
            Assert.True(adminResult.Succeeded && admin is not null);
            var (seeker, seekerResult) = await accounts.RegisterAsync("seeker@example.com", "Seeker", Password, Roles.JobSeeker);
            Assert.True(seekerResult.Succeeded && seeker is not null);
            seekerId = seeker.Id;
        }

        // Three past decisions: accepted at 0.90 and 0.57, reviewed at 0.45 (accept at 0.55, review from 0.40).
        await DecisionSeeds.SeedAsync(app.Factory.Services, seekerId, [new(0.90f), new(0.57f), new(0.45f)]);
        await using var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input_Email", "root@example.com");
        await page.FillAsync("#Input_Password", Password);
        await page.ClickAsync("button[type=submit]");

        await page.ClickAsync("nav >> text=Admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Gate settings", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("version 1");
        await page.GetByTestId("setting-AcceptAt").FillAsync("0.6");
        await page.GetByTestId("preview").ClickAsync();

        var preview = page.GetByTestId("preview-result");
        await Assertions.Expect(preview).ToContainTextAsync("Preview on the last 3 decisions");
        await Assertions.Expect(page.GetByTestId("counts-current")).ToHaveTextAsync("Current settings (v1)210");
        await Assertions.Expect(page.GetByTestId("counts-proposed")).ToHaveTextAsync("Proposed120");
        await Assertions.Expect(page.GetByTestId("changed")).ToContainTextAsync("1 of 3 decisions would change");
        await Assertions.Expect(page.GetByTestId("chart-identity")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("setting-AcceptAt")).ToHaveValueAsync("0.6");
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "gate-lab-preview.png"), FullPage = true });

        await page.GetByTestId("save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("problems")).ToContainTextAsync("Give a reason for the change");
        await page.GetByTestId("reason").FillAsync("Stricter after the look-alike audit");
        await page.GetByTestId("save").ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved as version 2");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("version 2");
        var newest = page.Locator("[data-testid=history-row][data-version='2']");
        await Assertions.Expect(newest).ToContainTextAsync("Accept at (identity similarity ≥): 0.55 → 0.6");
        await Assertions.Expect(newest).ToContainTextAsync("root@example.com");
        await Assertions.Expect(newest).ToContainTextAsync("Stricter after the look-alike audit");
        await Assertions.Expect(page.Locator("[data-testid=history-row][data-version='1']")).ToContainTextAsync("system");
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "gate-lab-history.png"), FullPage = true });
    }
}
