using Splade.Hosting;
using Splade.Samples.WebApi;

// A small search service: the shipped SPLADE model encodes, an index on disk stores and searches. One line registers both.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSplade(options => builder.Configuration.GetSection("Splade").Bind(options));
builder.Services.AddProblemDetails();

var app = builder.Build();
app.MapSearchEndpoints();
app.Run();

/// <summary>The sample's entry point, visible to the tests that host it.</summary>
public partial class Program;
