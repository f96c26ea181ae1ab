using System.Net;
using Headshots.Web.Features.Accounts;
using Headshots.Web.Tests.Infrastructure;

namespace Headshots.Web.Tests.Accounts;

/// <summary>Every form posts back an antiforgery token; a post without one (a cross-site request) is refused.</summary>
[Collection("web")]
public sealed class AntiforgeryTests(WebAppFixture app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("/Account/Logout")]
    [InlineData("/Account/Manage/ChangePassword")]
    [InlineData("/Account/Manage/Delete")]
    [InlineData("/Photos?handler=Consent")]
    [InlineData("/Photos?handler=Delete")]
    [InlineData("/Photos?handler=Insist")]
    [InlineData("/Photos/Upload")]
    [InlineData("/Headshots?handler=Generate")]
    [InlineData("/Headshots?handler=Appeal")]
    [InlineData("/Headshots?handler=Delete")]
    [InlineData("/Admin/Users?handler=Roles")]
    [InlineData("/Admin/Users?handler=Disabled")]
    public async Task Signed_in_forms_refuse_a_post_without_a_token(string action)
    {
        await app.CreateUserAsync("both@example.com", "correct horse battery", Roles.JobSeeker, Roles.Admin);
        var client = app.Client();
        await client.LoginAsync("both@example.com", "correct horse battery");

        var response = await client.PostAsync(action, new FormUrlEncodedContent([new("id", Guid.NewGuid().ToString()), new("password", "correct horse battery")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/Account/Register")]
    public async Task Anonymous_forms_refuse_a_post_without_a_token(string action)
    {
        var response = await app.Client().PostAsync(action, new FormUrlEncodedContent([new("Input.Email", "x@example.com")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
