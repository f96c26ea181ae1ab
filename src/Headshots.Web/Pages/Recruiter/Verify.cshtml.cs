using Headshots.Web.Features.Sharing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Headshots.Web.Pages.Recruiter;

/// <summary>Recruiters and admins upload a headshot file and learn whether this server issued it and whether it is unchanged.</summary>
[RequestSizeLimit(FileVerifier.MaxBytes + 64 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = FileVerifier.MaxBytes + 64 * 1024)]
public sealed class VerifyModel(FileVerifier verifier) : PageModel
{
    public VerificationResult? Result { get; private set; }

    public static int MaxMegabytes => (int)(FileVerifier.MaxBytes / (1024 * 1024));

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError(string.Empty, "Choose a JPEG or PNG file to check.");
            return Page();
        }

        if (file.Length > FileVerifier.MaxBytes)
        {
            ModelState.AddModelError(string.Empty, $"The file is larger than {MaxMegabytes} MB; no headshot of ours is that large.");
            return Page();
        }

        using var buffer = new MemoryStream((int)file.Length);
        await using (var stream = file.OpenReadStream())
        {
            await stream.CopyToAsync(buffer, cancellationToken);
        }

        Result = await verifier.VerifyAsync(buffer.ToArray(), cancellationToken);
        if (Result.Outcome == VerificationOutcome.Unreadable)
        {
            ModelState.AddModelError(string.Empty, "That is not a JPEG or PNG image we can read. Upload the headshot file exactly as it was downloaded.");
            Result = null;
        }

        return Page();
    }

    public static string Headline(VerificationOutcome outcome) => outcome switch
    {
        VerificationOutcome.IssuedUnmodified => "Issued by this server, unmodified.",
        VerificationOutcome.IssuedModified => "Issued here but modified after download.",
        VerificationOutcome.NotApproved => "Made here, but never approved: the authenticity check held it back.",
        _ => "Not issued by this server.",
    };

    public static string Explanation(VerificationOutcome outcome) => outcome switch
    {
        VerificationOutcome.IssuedUnmodified => "Every byte matches a headshot this server released after its authenticity check.",
        VerificationOutcome.IssuedModified =>
            "The file names one of our headshots in its metadata, but its content differs from what we released: it was edited, " +
            "re-saved or re-compressed since. The check below describes the original, not this file.",
        VerificationOutcome.NotApproved => "Do not rely on it as a likeness of the person.",
        _ => "We hold no headshot that matches it. It may have been made elsewhere, or its owner may have deleted it.",
    };
}
