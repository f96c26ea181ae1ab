namespace Headshots.Vision.Onnx.Importers;

/// <summary>Builtin operator codes of TensorFlow Lite's schema (<c>BuiltinOperator</c>) that the importer knows by name.</summary>
internal enum TfliteBuiltin
{
    Add = 0,
    AveragePool2D = 1,
    Concatenation = 2,
    Conv2D = 3,
    DepthwiseConv2D = 4,
    Dequantize = 6,
    Logistic = 14,
    MaxPool2D = 17,
    Mul = 18,
    Relu = 19,
    Relu6 = 21,
    Reshape = 22,
    ResizeBilinear = 23,
    Tanh = 28,
    Custom = 32,
    Pad = 34,
    Sub = 41,
    Prelu = 54,
    PadV2 = 60,
    TransposeConv = 67,
    HardSwish = 117,
}
