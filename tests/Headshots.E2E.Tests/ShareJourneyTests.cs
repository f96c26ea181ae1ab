using Headshots.Web.Data;
using Headshots.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Headshots.E2E.Tests;

[Trait("Needs", "Browser")]
public sealed class ShareJourneyTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Job_seeker_shares_a_visitor_sees_the_card_and_after_revocation_the_link_is_gone()
    {
        await using var ownerContext = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString() });
        var owner = await ownerContext.NewPageAsync();
        await owner.GotoAsync("/Account/Register");
        await owner.FillAsync("#Input_DisplayName", "Lena");
        await owner.FillAsync("#Input_Email", "lena-share@example.com");
        await owner.FillAsync("#Input_Password", "a long enough passphrase");
        await owner.FillAsync("#Input_ConfirmPassword", "a long enough passphrase");
        await owner.ClickAsync("button[type=submit]");
        await Assertions.Expect(owner.GetByTestId("logout")).ToBeVisibleAsync();
        // A finished headshot is put in place directly: this journey is about sharing, not rendering.
        string userId;
        await using (var scope = app.Factory!.Services.CreateAsyncScope())
        {
            userId = (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync("lena-share@example.com"))!.Id;
        }

        await HeadshotSeeder.SeedPhotoAsync(app.Factory.Services, userId, DateTimeOffset.UtcNow.AddDays(-2), DateTime.UtcNow.AddDays(-20));
        await HeadshotSeeder.SeedHeadshotAsync(app.Factory.Services, userId, score: 0.74f);

        await owner.ClickAsync("text=My headshots");
        await owner.GetByTestId("share-link-page").ClickAsync();
        await owner.GetByTestId("share-name").FillAsync("Applications 2026");
        await owner.GetByTestId("share-create").ClickAsync();
        var address = await owner.GetByTestId("new-link-address").InputValueAsync();
        Assert.Matches("/s/[A-Za-z0-9_-]{43}$", address);

        await using var visitorContext = await app.Browser.NewContextAsync();
        var visitor = await visitorContext.NewPageAsync();
        var opened = await visitor.GotoAsync(address);
        Assert.Equal(200, opened!.Status);
        await Assertions.Expect(visitor.GetByTestId("share-title")).ToHaveTextAsync("Applications 2026");
        await Assertions.Expect(visitor.GetByTestId("authenticity")).ToContainTextAsync("identity checked against 3 of the person's own photos");
        await Assertions.Expect(visitor.GetByTestId("authenticity")).ToContainTextAsync("score 0.74 (pass ≥ 0.55)");
        await Assertions.Expect(visitor.GetByTestId("source-recency")).ToContainTextAsync("within the last 1 month");
        var imageWidth = await visitor.GetByTestId("shared-image").EvaluateAsync<int>("img => img.complete ? img.naturalWidth : new Promise(r => img.onload = () => r(img.naturalWidth))");
        Assert.Equal(160, imageWidth);
        await Assertions.Expect(visitor.GetByTestId("before-after")).ToHaveCountAsync(0);
        await visitor.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "share-link-card.png"), FullPage = true });

        await owner.GotoAsync("/Headshots/Share");
        await Assertions.Expect(owner.GetByTestId("share-views")).ToHaveTextAsync("Opened 1 time(s)");
        await owner.GetByTestId("share-revoke").ClickAsync();
        await Assertions.Expect(owner.GetByTestId("share-state")).ToContainTextAsync("Revoked");

        var afterRevoke = await visitor.GotoAsync(address);
        Assert.Equal(410, afterRevoke!.Status);
        await Assertions.Expect(visitor.Locator("main")).ToContainTextAsync("expired or was withdrawn");
    }
}
