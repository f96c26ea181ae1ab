namespace Headshots.Web.Features.Photos;

/// <summary>
/// The consent a job seeker gives before any face processing. A change of wording gets a new version; the version
/// the user agreed to is stored with the time.
/// </summary>
public static class ConsentText
{
    public const string Version = "2026-11-26.2";

    public static IReadOnlyList<string> Paragraphs(int retentionDays) =>
    [
        "To check that your headshots still look like you, Headshots measures your face in the photos you upload: " +
        "two face-recognition models each compute a list of numbers (a face embedding, 640 numbers in all) for each photo. " +
        "These measurements are biometric data.",
        "They are used only to compare your headshots with your own photos. They are never shared, sold, or used to recognise you anywhere else.",
        $"Your source photos and their measurements are deleted {retentionDays} days after upload, or as soon as you delete " +
        "a photo or your account. You get a receipt that lists what was deleted.",
        "You can withdraw consent at any time by deleting your photos or your account (Account → Delete my account).",
    ];
}
