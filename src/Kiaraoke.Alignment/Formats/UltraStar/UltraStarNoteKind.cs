namespace Kiaraoke.Alignment.Formats.UltraStar;

/// <summary>The letter that opens a note line. Only the timing matters to alignment; the kind says how a game scores it.</summary>
public enum UltraStarNoteKind
{
    /// <summary><c>:</c> a sung note.</summary>
    Normal,

    /// <summary><c>*</c> a sung note worth a bonus.</summary>
    Golden,

    /// <summary><c>F</c> sung or spoken freely, pitch not scored.</summary>
    Freestyle,

    /// <summary><c>R</c> rapped, pitch not scored.</summary>
    Rap,

    /// <summary><c>G</c> rapped, worth a bonus.</summary>
    RapGolden,
}
