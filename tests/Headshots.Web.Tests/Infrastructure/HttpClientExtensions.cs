using System.Net;
using System.Text.RegularExpressions;

namespace Headshots.Web.Tests.Infrastructure;

/// <summary>Drives the real pages the way a browser does: GET the form, keep the antiforgery token, POST it back.</summary>
public static partial class HttpClientExtensions
{
    public static async Task<string> AntiforgeryTokenAsync(this HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, $"{page} has no antiforgery token in its form");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string page, IEnumerable<KeyValuePair<string, string>> fields, string? action = null)
    {
        var token = await client.AntiforgeryTokenAsync(page);
        var form = fields.Append(new("__RequestVerificationToken", token));
        return await client.PostAsync(action ?? page, new FormUrlEncodedContent(form));
    }

    public static Task<HttpResponseMessage> RegisterAsync(this HttpClient client, string email, string password, string name = "Test User") =>
        client.PostFormAsync("/Account/Register", [
            new("Input.DisplayName", name),
            new("Input.Email", email),
            new("Input.Password", password),
            new("Input.ConfirmPassword", password),
        ]);

    public static Task<HttpResponseMessage> LoginAsync(this HttpClient client, string email, string password) =>
        client.PostFormAsync("/Account/Login", [
            new("Input.Email", email),
            new("Input.Password", password),
        ]);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
