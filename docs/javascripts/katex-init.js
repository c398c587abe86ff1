// Render the math that pymdownx.arithmatex marked (\( … \) and \[ … \] inside .arithmatex), and
// nothing else: a dollar sign in prose or in a program's output is never taken for math.
document$.subscribe(({ body }) => {
  for (const element of body.querySelectorAll(".arithmatex")) {
    renderMathInElement(element, {
      delimiters: [
        { left: "\\(", right: "\\)", display: false },
        { left: "\\[", right: "\\]", display: true },
      ],
      throwOnError: false,
    });
  }
});
