namespace Headshots.Notices;

/// <summary>Something the generator cannot decide on its own; the message says what to do.</summary>
internal sealed class NoticesException(string message) : Exception(message);
