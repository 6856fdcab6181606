namespace Kiaraoke.Alignment.Quality;

/// <summary>
/// How a word's confidence (0..1) is read off the forced path. Each is a mean over the frames the path gives to the
/// word's characters.
/// </summary>
public enum ConfidenceMeasure
{
    /// <summary>The model's probability of the forced character: low on every frame of a model that hears singing
    /// weakly, right lyrics or not.</summary>
    CharacterProbability,

    /// <summary>The forced character's probability over the probability of the model's own best label there
    /// (blank included): 1 where the free, unconstrained path would emit the same character.</summary>
    BestLabelRatio,

    /// <summary>The forced character's probability over the probability of the model's best letter there (blank and
    /// star left out): 1 where the model, asked for a letter, picks the lyric's; blank-heavy weak evidence is not
    /// punished, a letter the model hears as another is.</summary>
    BestLetterRatio,
}
