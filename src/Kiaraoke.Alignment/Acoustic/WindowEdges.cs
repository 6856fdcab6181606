namespace Kiaraoke.Alignment.Acoustic;

/// <summary>Where the first and last model windows of a long song take their context from.</summary>
public enum WindowEdges
{
    /// <summary>
    /// The first window starts at the song's first sample and the last one ends at its last frame, so no window
    /// holds padding (only songs shorter than one window plus both contexts still get a zero tail). Our models
    /// normalise their features over each window (per-bin mean, global deviation): seconds of digital silence
    /// shift those statistics for the whole window. This is also how the models were trained and chosen.
    /// </summary>
    InsideAudio,

    /// <summary>The reference aligners' scheme: the song is padded with zeros (context before the first window, and
    /// the last window filled up to its full length).</summary>
    ZeroPadded,
}
