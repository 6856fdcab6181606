namespace Kiaraoke.Alignment.Acoustic;

/// <summary>What a model's card says about commercial use.</summary>
public enum ModelLicense
{
    Unknown,
    CommercialUse,
    NonCommercial,
}
