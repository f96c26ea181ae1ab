using System.Net;
using Headshots.Web.Features.Accounts;
using Headshots.Web.Tests.Infrastructure;

namespace Headshots.Web.Tests.Accounts;

[Collection("web")]
public sealed class AccessControlTests(WebAppFixture app) : IAsyncLifetime
{
    private const string Password = "correct horse battery";

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Registered_job_seeker_logs_in_and_sees_the_home_page()
    {
        var client = app.Client();
        var registered = await client.RegisterAsync("ada@example.com", Password, "Ada Lovelace");
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);

        await client.PostFormAsync("/", [], "/Account/Logout");
        var login = await client.LoginAsync("ada@example.com", Password);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/", login.Headers.Location?.OriginalString);

        var home = await client.GetStringAsync("/");
        Assert.Contains("Welcome, Ada Lovelace", home, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/Admin\"", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_password_is_refused_with_a_plain_message()
    {
        await app.CreateUserAsync("bob@example.com", Password);
        var client = app.Client();

        var response = await client.LoginAsync("bob@example.com", "not the password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Email or password is wrong.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/Admin")]
    [InlineData("/Admin/Users")]
    [InlineData("/admin/jobs")]
    [InlineData("/admin/jobs/jobs/succeeded")]
    public async Task Job_seeker_cannot_open_admin_pages_even_claiming_to_be_local(string path)
    {
        await app.CreateUserAsync("seeker@example.com", Password);
        var client = app.Client();
        await client.LoginAsync("seeker@example.com", Password);

        var plain = await client.GetAsync(path);
        using var forged = new HttpRequestMessage(HttpMethod.Get, path);
        forged.Headers.Add("X-Forwarded-For", "127.0.0.1");
        forged.Headers.Add("X-Real-IP", "127.0.0.1");
        var withForgedHeader = await client.SendAsync(forged);

        Refusals.AssertForbidden(plain, path);
        Refusals.AssertForbidden(withForgedHeader, $"{path} with forged local-address headers");
        // The refusal is explained in place by the status page, not by a redirect to another address.
        Assert.Contains("Your account does not have access to this page.", await plain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/Admin")]
    [InlineData("/admin/jobs")]
    public async Task Admin_can_open_admin_pages_and_the_jobs_dashboard(string path)
    {
        await app.CreateUserAsync("root@example.com", Password, Roles.Admin);
        var client = app.Client();
        await client.LoginAsync("root@example.com", Password);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/Admin")]
    [InlineData("/Admin/Users")]
    [InlineData("/Account/Manage/ChangePassword")]
    [InlineData("/admin/jobs")]
    public async Task Anonymous_users_are_sent_to_log_in(string path)
    {
        var client = app.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-For", "127.0.0.1");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/Account/Login", response.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_gives_the_recruiter_role_and_the_user_gets_it()
    {
        var admin = app.Client();
        await app.CreateUserAsync("root@example.com", Password, Roles.Admin);
        var user = await app.CreateUserAsync("rita@example.com", Password);
        await admin.LoginAsync("root@example.com", Password);

        var saved = await admin.PostFormAsync("/Admin/Users",
            [new("userId", user.Id), new("roles", Roles.JobSeeker), new("roles", Roles.Recruiter)],
            "/Admin/Users?handler=Roles");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var rita = app.Client();
        await rita.LoginAsync("rita@example.com", Password);
        var home = await rita.GetStringAsync("/");
        Assert.Contains("Open the share links candidates send you", home, StringComparison.Ordinal);
        var users = await admin.GetStringAsync("/Admin/Users");
        Assert.Contains("Roles of rita@example.com saved.", users, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disabled_account_cannot_log_in()
    {
        var admin = app.Client();
        await app.CreateUserAsync("root@example.com", Password, Roles.Admin);
        var user = await app.CreateUserAsync("mallory@example.com", Password);
        await admin.LoginAsync("root@example.com", Password);

        await admin.PostFormAsync("/Admin/Users", [new("userId", user.Id), new("disabled", "true")], "/Admin/Users?handler=Disabled");

        var response = await app.Client().LoginAsync("mallory@example.com", Password);
        Assert.Contains("This account has been disabled.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_cannot_remove_their_own_admin_role()
    {
        var root = await app.CreateUserAsync("root@example.com", Password, Roles.Admin);
        var admin = app.Client();
        await admin.LoginAsync("root@example.com", Password);

        var response = await admin.PostFormAsync("/Admin/Users", [new("userId", root.Id), new("roles", Roles.JobSeeker)], "/Admin/Users?handler=Roles");

        Assert.Contains("You cannot remove your own admin role.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/Admin")).StatusCode);
    }

    [Fact]
    public async Task Forms_without_an_antiforgery_token_are_rejected()
    {
        await app.CreateUserAsync("root@example.com", Password, Roles.Admin);
        var admin = app.Client();
        await admin.LoginAsync("root@example.com", Password);

        var response = await admin.PostAsync("/Admin/Users?handler=Disabled", new FormUrlEncodedContent([new("userId", "x"), new("disabled", "true")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Password_change_takes_the_new_password()
    {
        await app.CreateUserAsync("carol@example.com", Password);
        var client = app.Client();
        await client.LoginAsync("carol@example.com", Password);

        var changed = await client.PostFormAsync("/Account/Manage/ChangePassword",
            [new("Input.CurrentPassword", Password), new("Input.NewPassword", "a brand new passphrase")]);
        Assert.Contains("Your password was changed.", await changed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var oldOne = await app.Client().LoginAsync("carol@example.com", Password);
        var newOne = await app.Client().LoginAsync("carol@example.com", "a brand new passphrase");
        Assert.Equal(HttpStatusCode.OK, oldOne.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, newOne.StatusCode);
    }

    [Fact]
    public async Task Duplicate_registration_says_to_log_in()
    {
        await app.CreateUserAsync("dup@example.com", Password);

        var response = await app.Client().RegisterAsync("dup@example.com", Password);

        Assert.Contains("An account with this email exists already.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
