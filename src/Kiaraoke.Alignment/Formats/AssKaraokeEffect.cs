namespace Kiaraoke.Alignment.Formats;

/// <summary>How an ASS karaoke syllable lights up.</summary>
public enum AssKaraokeEffect
{
    /// <summary><c>\kf</c>: a left-to-right sweep over the word's duration (Kiaraoke's own progress clip).</summary>
    Fill,

    /// <summary><c>\k</c>: the whole word switches colour at its start.</summary>
    Switch,
}
