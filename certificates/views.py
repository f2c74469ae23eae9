from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from audit.services import audit_record
from certificates import selectors
from certificates.forms import VerifyLookupForm
from certificates.models import Certificate
from certificates.pdf import certificate_pdf_store
from imh_courses.client_address import client_address
from imh_courses.downloads import private_file_response
from imh_courses.rate_limits import count_of, count_one_more


@require_safe
@login_required
def download(request, pk):
    """The certificate PDF, to its holder, course administrators and the Quality Lead. Renders it
    on the spot if the background task has not yet (or failed: then says it is on its way)."""
    certificate = Certificate.objects.select_related("enrolment").filter(pk=pk).first()
    if certificate is None or not request.user.has_perm(
        "certificates.download_certificate", certificate
    ):
        raise Http404("No such certificate.")
    if not certificate.pdf:
        try:
            certificate = certificate_pdf_store(certificate=certificate)
        except Exception:  # noqa: BLE001 (whatever broke, the record stays and the task retries)
            response = render(
                request, "certificates/preparing.html", {"certificate": certificate}, status=503
            )
            response["Retry-After"] = "120"
            return response
    if certificate.enrolment.student_id != request.user.pk:
        audit_record(actor=request.user, action="certificate.download", target=certificate)
    return private_file_response(
        certificate.pdf, filename=f"{certificate.number}.pdf", content_type="application/pdf"
    )


@require_safe
def verify(request, code):
    certificate = selectors.certificate_get_by_code(code=code)
    if certificate is None:
        raise Http404("No such certificate.")
    return render(request, "certificates/verify.html", {"certificate": certificate})


@require_safe
@never_cache
def verify_lookup(request):
    """Find a certificate by number and family name. Limited per client, and per certificate
    number in wrong names (counted in the shared cache), so the form can be used neither to
    walk the register nor to guess one certificate's name; a right name never uses up the
    number's allowance."""
    form = VerifyLookupForm(request.GET or None)
    if not form.is_bound:
        return render(request, "certificates/verify_lookup.html", {"form": form})
    too_many = count_one_more(f"verify-lookups:client:{client_address(request)}") > (
        settings.VERIFY_LOOKUPS_PER_HOUR
    )
    if not too_many and form.is_valid():
        wrong_names = _wrong_names_key(form.cleaned_data["number"])
        too_many = count_of(wrong_names) >= settings.VERIFY_LOOKUPS_PER_NUMBER_PER_HOUR
    if too_many:
        return render(
            request,
            "certificates/verify_lookup.html",
            {"form": form, "throttled": True},
            status=429,
        )
    if not form.is_valid():
        return render(request, "certificates/verify_lookup.html", {"form": form}, status=400)
    certificate = selectors.certificate_find(
        number=form.cleaned_data["number"], family_name=form.cleaned_data["family_name"]
    )
    if certificate is None:
        count_one_more(wrong_names)
        return render(
            request,
            "certificates/verify_lookup.html",
            {"form": form, "not_found": True},
            status=404,
        )
    return redirect("certificates:verify", code=certificate.verification_code)


def _wrong_names_key(number):
    """The cache key counting wrong names given with `number` (well-formed: the form checked)."""
    return f"verify-lookups:wrong-names:{number}"
