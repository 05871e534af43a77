package com.purepost.dfdetect.http;

import com.purepost.dfdetect.detect.Failure;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that happen outside Spring MVC's handlers (in the servlet container) still answer in the
 * service's one error shape, {@code {"success": false, "error": ...}}, instead of Boot's default page.
 */
@ConditionalOnWebApplication
@RestController
public final class JsonErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<Failure.ErrorBody> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value ? value : 500;
        String message = status >= 500 ? Failure.INTERNAL_ERROR
                : reasonOf(status) + ". " + JsonErrors.SEND_MULTIPART;
        return ResponseEntity.status(status).body(new Failure(status, message).body());
    }

    private static String reasonOf(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "Request refused (" + status + ")" : known.getReasonPhrase();
    }
}
