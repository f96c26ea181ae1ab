using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Headshots.Web.Features.Photos;
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

    /// <summary>Uploads one file the way the photos page's script does and returns the server's verdict.</summary>
    public static async Task<PhotoVerdict> UploadPhotoAsync(this HttpClient client, string fileName, byte[] content)
    {
        var token = await client.AntiforgeryTokenAsync("/Photos");
        using var form = new MultipartFormDataContent { { new ByteArrayContent(content), "files", fileName } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Photos/Upload") { Content = form };
        request.Headers.Add("RequestVerificationToken", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var verdicts = await response.Content.ReadFromJsonAsync<List<PhotoVerdict>>();
        return Assert.Single(verdicts!);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
