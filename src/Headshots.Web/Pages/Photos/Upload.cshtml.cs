using System.Text.Json;
using Headshots.Vision.Onnx;
using Headshots.Web.Data;
using Headshots.Web.Features.Photos;
using Headshots.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Headshots.Web.Pages.Photos;

/// <summary>
/// Checks every posted file and answers with a verdict per file: JSON for the photos page's script (one file per request,
/// so each preview gets its verdict as soon as it is ready), or a redirect back to the photos page for a plain form post.
/// Rate-limited per user: every file runs the face models.
/// </summary>
[EnableRateLimiting(RateLimitPolicies.Upload)]
public sealed class UploadModel(PhotoIntake intake, UserManager<AppUser> users) : PageModel
{
    [TempData]
    public string? LastVerdicts { get; set; }

    public IActionResult OnGet() => RedirectToPage("/Photos/Index");

    public async Task<IActionResult> OnPostAsync(List<IFormFile> files, CancellationToken cancellationToken)
    {
        var userId = users.GetUserId(User)!;
        var verdicts = new List<PhotoVerdict>();
        foreach (var file in files)
        {
            await using var stream = file.OpenReadStream();
            try
            {
                verdicts.Add(await intake.AcceptAsync(userId, file.FileName, stream, cancellationToken));
            }
            catch (ModelUnavailableException)
            {
                verdicts.Add(new PhotoVerdict(FileNames.ForDisplay(file.FileName), false, "Photo checks are unavailable right now",
                    ["Nothing was stored. The site's operator has been told; please try again later."]));
            }
        }

        if (files.Count == 0)
        {
            verdicts.Add(new PhotoVerdict("", false, "No file was chosen", ["Pick one or more photos first."]));
        }

        if (Request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.Ordinal) == true))
        {
            return new JsonResult(verdicts);
        }

        LastVerdicts = JsonSerializer.Serialize(verdicts);
        return RedirectToPage("/Photos/Index");
    }
}
