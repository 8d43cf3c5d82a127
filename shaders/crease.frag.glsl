// Solid colour of the creases and of the window frame.
uniform vec4 uColour;
out vec4 fragColor;
void main() {
  fragColor = uColour;
}
