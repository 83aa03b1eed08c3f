using Firely.Fhir.Validation;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;
using R4 = Hl7.Fhir.Model;

namespace MhAll.ServiceTests;

/// <summary>Firely's validator against the base FHIR R4 profiles, from the specification shipped in its NuGet package (offline).</summary>
public static class FhirValidation
{
    private static readonly Lazy<Validator> Validator = new(() =>
    {
        var source = new ZipSource(Path.Combine(AppContext.BaseDirectory, "specification.zip"),
            Path.Combine(Path.GetTempPath(), "mhall-fhir-specification"));
        var resolver = new CachedResolver(source);
        return new Validator(resolver, new LocalTerminologyService(resolver));
    });

    private static readonly Lock Gate = new(); // the validator is not thread-safe

    /// <summary>Parses FHIR JSON strictly and returns every error and fatal issue the validator finds (empty when valid).</summary>
    public static (R4.Resource Resource, List<string> Errors) Validate(string json)
    {
        var resource = new FhirJsonDeserializer().DeserializeResource(json);
        lock (Gate)
        {
            var outcome = Validator.Value.Validate(resource);
            var errors = outcome.Issue
                .Where(i => i.Severity is R4.OperationOutcome.IssueSeverity.Error or R4.OperationOutcome.IssueSeverity.Fatal)
                .Select(i => $"{i.Details?.Text ?? i.Diagnostics} @ {string.Join(",", i.Expression)}").ToList();
            return (resource, errors);
        }
    }
}
