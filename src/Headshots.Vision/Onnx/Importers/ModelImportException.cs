namespace Headshots.Vision.Onnx.Importers;

/// <summary>A source model the importer cannot read or does not support; the message names the operator or field involved.</summary>
public sealed class ModelImportException : Exception
{
    public ModelImportException(string message)
        : base(message)
    {
    }

    public ModelImportException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
