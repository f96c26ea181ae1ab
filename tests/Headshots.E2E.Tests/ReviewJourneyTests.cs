using Headshots.Vision.Authenticity;
using Headshots.Web.Data;
using Headshots.Web.Features.Accounts;
using Headshots.Web.Tests.Reviews;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Headshots.E2E.Tests;

[Trait("Needs", "Browser")]
[Trait("Needs", "Models")]
public sealed class ReviewJourneyTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private const string Password = "a long enough passphrase";

    [Fact]
    public async Task Job_seeker_appeals_a_held_back_headshot_an_admin_approves_it_and_the_owner_can_download_it()
    {
        var services = app.Factory!.Services;
        await using var seekerContext = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString() });
        var seeker = await seekerContext.NewPageAsync();
        await seeker.GotoAsync("/Account/Register");
        await seeker.FillAsync("#Input_DisplayName", "Lena");
        await seeker.FillAsync("#Input_Email", "lena@example.com");
        await seeker.FillAsync("#Input_Password", Password);
        await seeker.FillAsync("#Input_ConfirmPassword", Password);
        await seeker.ClickAsync("button[type=submit]");
        await Assertions.Expect(seeker.GetByTestId("welcome")).ToContainTextAsync("Lena");

        // The output the gate was unsure about, seeded instead of rendered (a generation takes minutes).
        string seekerId;
        await using (var scope = services.CreateAsyncScope())
        {
            seekerId = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.Where(u => u.Email == "lena@example.com").Select(u => u.Id).SingleAsync();
        }

        var photoId = await ReviewSeed.SourcePhotoAsync(services, seekerId);
        var held = await ReviewSeed.HeadshotAsync(services, seekerId, photoId, GateVerdict.Review, style: "Corporate");

        await seeker.ClickAsync("text=My headshots");
        await Assertions.Expect(seeker.GetByTestId("headshot")).ToHaveCountAsync(0);
        await seeker.Locator("[data-testid=held-back] summary").ClickAsync();
        await seeker.GetByRole(AriaRole.Button, new() { Name = "Ask a person to review it" }).ClickAsync();
        await seeker.Locator("[data-testid=held-back] summary").ClickAsync();
        await Assertions.Expect(seeker.GetByTestId("held-back")).ToContainTextAsync("Review requested on");

        await using (var scope = services.CreateAsyncScope())
        {
            var (_, registered) = await scope.ServiceProvider.GetRequiredService<AccountAdministration>()
                .RegisterAsync("root@example.com", "Rita Reviewer", Password, Roles.Admin);
            Assert.True(registered.Succeeded);
        }

        await using var adminContext = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString() });
        var admin = await adminContext.NewPageAsync();
        await admin.GotoAsync("/Account/Login");
        await admin.FillAsync("#Input_Email", "root@example.com");
        await admin.FillAsync("#Input_Password", Password);
        await admin.ClickAsync("button[type=submit]");
        await admin.ClickAsync("text=Admin");
        await Assertions.Expect(admin.GetByTestId("review-queue-link")).ToContainTextAsync("1 waiting");
        await admin.GetByTestId("review-queue-link").ClickAsync();
        var item = admin.Locator($"[data-testid=review-item][data-headshot='{held.Id}']");
        await Assertions.Expect(item).ToContainTextAsync("owner asked");
        await item.GetByRole(AriaRole.Link, new() { Name = "Corporate" }).ClickAsync();

        await Assertions.Expect(admin.GetByTestId("gate-verdict")).ToHaveTextAsync("Review");
        await Assertions.Expect(admin.GetByTestId("identity")).ToHaveTextAsync("0.437");
        await Assertions.Expect(admin.GetByTestId("attempt")).ToHaveCountAsync(3);
        foreach (var image in new[] { "source-image", "output-image" })
        {
            // Both pictures really load (the admin-only image handlers answer with JPEGs the browser decodes).
            await Assertions.Expect(admin.GetByTestId(image)).ToBeVisibleAsync();
            Assert.True(await admin.GetByTestId(image).EvaluateAsync<int>("img => img.complete ? img.naturalWidth : 0") > 0, image);
        }

        await admin.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "review-detail.png"), FullPage = true });
        await admin.GetByTestId("review-reason").FillAsync("Same person; the studio light lowered the score.");
        await admin.GetByTestId("approve").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("review-message")).ToContainTextAsync("Approved");
        await Assertions.Expect(admin.GetByTestId("queue-empty")).ToBeVisibleAsync();

        await seeker.ReloadAsync();
        await Assertions.Expect(seeker.GetByTestId("headshot")).ToHaveCountAsync(1);
        await Assertions.Expect(seeker.GetByTestId("review-outcome")).ToContainTextAsync("Approved by a reviewer on");
        var download = await seeker.RunAndWaitForDownloadAsync(() => seeker.GetByTestId("download-jpeg").ClickAsync());
        var saved = Path.Combine(AppContext.BaseDirectory, "approved-headshot.jpg");
        await download.SaveAsAsync(saved);
        Assert.Equal(held.Jpeg, await File.ReadAllBytesAsync(saved));
    }
}
