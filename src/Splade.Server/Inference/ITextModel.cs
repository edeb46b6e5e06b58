namespace Splade.Server.Inference;

/// <summary>A model the server encodes text with, under the name requests use for it.</summary>
internal interface ITextModel
{
    /// <summary>The model's own name.</summary>
    string Name { get; }
}
