using Microsoft.Playwright;

namespace Headshots.E2E.Tests;

[Trait("Needs", "Browser")]
public sealed class AccountJourneyTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task New_user_registers_logs_in_sees_the_home_page_and_logs_out()
    {
        await using var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseAddress.ToString() });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");
        await page.ClickAsync("text=Create account");
        await page.FillAsync("#Input_DisplayName", "Grace Hopper");
        await page.FillAsync("#Input_Email", "grace@example.com");
        await page.FillAsync("#Input_Password", "compilers are fun");
        await page.FillAsync("#Input_ConfirmPassword", "compilers are fun");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.GetByTestId("welcome")).ToHaveTextAsync("Welcome, Grace Hopper");

        await page.GetByTestId("logout").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Log in", Exact = true })).ToBeVisibleAsync();

        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input_Email", "grace@example.com");
        await page.FillAsync("#Input_Password", "compilers are fun");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.GetByTestId("welcome")).ToHaveTextAsync("Welcome, Grace Hopper");

        await page.GetByTestId("logout").ClickAsync();
        await page.GotoAsync("/Account/Manage/ChangePassword");
        Assert.Contains("/Account/Login", page.Url, StringComparison.Ordinal);
    }
}
